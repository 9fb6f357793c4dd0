//! Every limit sdkgen puts on its input, in one place. Each one, when reached, gives a
//! [`crate::Diagnostic`] with a pointer and a hint (never a panic, an abort or unbounded work).
//! ARCHITECTURE.md ("Limits") lists them with their diagnostics.

/// Documents larger than this are refused before parsing (256 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// Documents nested deeper than this (mappings and sequences) are refused: every later stage may
/// then recurse without risk for its stack.
pub const MAX_DEPTH: usize = 128;

/// At most this many nodes may be added by expanding YAML aliases ("billion laughs").
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// At most this many bytes of text (strings, keys, one per node) may be added by expanding YAML
/// aliases, so an alias of a long string cannot multiply a small file into gigabytes.
pub const MAX_ALIAS_BYTES: usize = 16 << 20;

/// Duplicate mapping keys reported one by one (the rest are counted in one more warning).
pub const MAX_DUPLICATE_KEY_WARNINGS: usize = 100;

/// Inline schemas nested deeper than this become `serde_json::Value` with a warning.
pub const MAX_INLINE_DEPTH: usize = 96;

/// `allOf` chains (members of members, through `$ref`s) followed deeper than this are cut with a
/// warning.
pub const MAX_ALL_OF_DEPTH: usize = 32;

/// Members of one `oneOf`/`anyOf` beyond this are left out with a warning (the union keeps the
/// first ones).
pub const MAX_UNION_MEMBERS: usize = 10_000;

/// Properties lowered in all (`allOf` merging copies members' properties into each schema that
/// uses them, so a small spec can ask for millions). Past this, objects become maps with a warning.
pub const MAX_PROPERTIES: usize = 100_000;

/// Files read besides the root spec through `$ref`s (each file is read once).
pub const MAX_REF_FILES: usize = 1_000;

/// Bytes read in all besides the root spec through `$ref`s (256 MiB).
pub const MAX_REF_BYTES: usize = 256 << 20;

/// Links followed to resolve one `$ref` (a reference to a reference, a pointer through a
/// reference): more means a cycle of references that never reaches a definition.
pub const MAX_REF_HOPS: usize = 64;

/// Schemas, parameters, responses and path items bundling may move into `components` or copy in
/// place, in all.
pub const MAX_BUNDLED: usize = 100_000;

/// Nodes bundling may copy in place in all (path items and callbacks referred to are copied, and
/// copies of copies could grow without end).
pub const MAX_COPIED_NODES: usize = 1_000_000;
