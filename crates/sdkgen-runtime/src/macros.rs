//! What every generated model of one kind has in common, written once: the builder setters of a
//! struct (`setters!`) and the conversions and serde impls of an open enum (`string_enum!`,
//! `integer_enum!`). A generated item keeps what is specific to it (its fields, variants, wire
//! values and docs) and invokes one of these for the rest.
//!
//! The expansions name std and serde items by absolute path (a model may be called `Option` or
//! `Result`) and never this runtime, so they work wherever the runtime is copied. Every crate
//! compiles these macros, but one built with few features may use none of them: hence
//! `allow(unused_macros)` on each and `allow(unused_imports)` on their re-exports.

/// The `with_*` setters of a struct's optional fields, one per line of the form
/// `fn with_field(field: T);` with its attributes (docs, `#[deprecated]`) before it. Each setter
/// takes `impl Into<T>` and sets the field to `Some(value)`; a nullable field
/// (`Option<Option<T>>`) to `Some(Some(value))`. Attributes before `impl` go on the impl block.
///
/// ```text
/// crate::runtime::setters! {
///     impl Widget {
///         /// Sets the `name` field.
///         fn with_name(name: String);
///     }
/// }
/// ```
#[allow(unused_macros)]
macro_rules! setters {
    (
        $(#[$impl_attr:meta])*
        impl $name:ident {
            $(
                $(#[$attr:meta])*
                fn $setter:ident($field:ident: $ty:ty);
            )*
        }
    ) => {
        $(#[$impl_attr])*
        impl $name {
            $(
                $(#[$attr])*
                #[must_use]
                pub fn $setter(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
                    // `T` into the field's `Option<T>`, or into `Option<T>` for a nullable one.
                    self.$field = ::std::option::Option::Some(::std::convert::Into::into(
                        ::std::convert::Into::<$ty>::into(value),
                    ));
                    self
                }
            )*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use setters;

/// `FromStr`, `Display`, `Serialize` and `Deserialize` of an open string enum, from the enum's
/// own `as_str(&self) -> &str` and `From<&str>` (which keeps unknown values): parsing never
/// fails, and a value is written back exactly as it was read. Attributes before the name go on
/// every impl.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        $(#[$attr])*
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $(#[$attr])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        $(#[$attr])*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// `Display`, `Serialize` and `Deserialize` of an open integer enum whose wire type is `$int`,
/// from the enum's own `value(self) -> $int` and `From<$int>` (which keeps unknown values).
/// Attributes before the name go on every impl.
#[allow(unused_macros)]
macro_rules! integer_enum {
    ($(#[$attr:meta])* $name:ident, $int:ty) => {
        $(#[$attr])*
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        $(#[$attr])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        $(#[$attr])*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <$int as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use integer_enum;

#[cfg(test)]
mod tests {
    /// A struct as a generated model writes it.
    #[derive(Debug, Default, PartialEq)]
    struct Widget {
        name: Option<String>,
        count: Option<i64>,
        parent: Option<Option<String>>,
    }

    super::setters! {
        impl Widget {
            /// Sets `name`.
            fn with_name(name: String);
            /// Sets `count`.
            fn with_count(count: i64);
            /// Sets `parent`, a nullable field.
            fn with_parent(parent: String);
        }
    }

    #[test]
    fn setters_wrap_values_in_some() {
        let w = Widget::default().with_name("a").with_count(3).with_parent("p");
        assert_eq!(
            w,
            Widget { name: Some("a".into()), count: Some(3), parent: Some(Some("p".into())) }
        );
    }

    /// An open string enum as a generated model writes it.
    #[derive(Debug, Clone, PartialEq)]
    enum Mode {
        Page,
        Unknown(String),
    }

    impl Mode {
        fn as_str(&self) -> &str {
            match self {
                Self::Page => "page",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<&str> for Mode {
        fn from(value: &str) -> Self {
            match value {
                "page" => Self::Page,
                other => Self::Unknown(other.to_string()),
            }
        }
    }

    super::string_enum!(Mode);

    #[test]
    fn string_enums_keep_unknown_values() {
        assert_eq!(serde_json::from_str::<Mode>("\"page\"").unwrap(), Mode::Page);
        let odd: Mode = serde_json::from_str("\"odd\"").unwrap();
        assert_eq!(odd, Mode::Unknown("odd".into()));
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"odd\"");
        assert_eq!("page".parse::<Mode>().unwrap(), Mode::Page);
        assert_eq!(Mode::Page.to_string(), "page");
        assert!(serde_json::from_str::<Mode>("1").is_err());
    }

    /// An open integer enum as a generated model writes it.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Level {
        One,
        Unknown(i32),
    }

    impl Level {
        fn value(self) -> i32 {
            match self {
                Self::One => 1,
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<i32> for Level {
        fn from(value: i32) -> Self {
            match value {
                1 => Self::One,
                other => Self::Unknown(other),
            }
        }
    }

    super::integer_enum!(Level, i32);

    #[test]
    fn integer_enums_keep_unknown_values() {
        assert_eq!(serde_json::from_str::<Level>("1").unwrap(), Level::One);
        assert_eq!(serde_json::from_str::<Level>("7").unwrap(), Level::Unknown(7));
        assert_eq!(serde_json::to_string(&Level::Unknown(7)).unwrap(), "7");
        assert_eq!(Level::One.to_string(), "1");
        assert!(serde_json::from_str::<Level>("\"1\"").is_err());
        assert!(serde_json::from_str::<Level>("3000000000").is_err());
    }
}
