//! A synthetic OpenAPI 3.0 description of any size, for measuring how the generator scales: `n`
//! simple operations spread over one tag per 50 operations, sharing one object schema (and a
//! named array of it) per 10 operations and an error schema. Used by `sdkgen-bench --synthetic N` and by the scaling test.

use serde_json::{Value, json};

/// Operations per tag.
const OPERATIONS_PER_TAG: usize = 50;
/// Operations per shared component schema.
const OPERATIONS_PER_SCHEMA: usize = 10;

/// The description as JSON text.
pub fn spec(n: usize) -> String {
    serde_json::to_string_pretty(&value(n)).unwrap_or_default()
}

/// The description: operation `i` is `GET /items{i}/{id}` (every third one a `POST` with a JSON
/// body instead), tagged `group{i / 50}`, answering the schema `Item{i % (n / 10)}` or `Error`.
pub fn value(n: usize) -> Value {
    let tags = n.div_ceil(OPERATIONS_PER_TAG).max(1);
    let schemas = n.div_ceil(OPERATIONS_PER_SCHEMA).max(1);
    let mut paths = serde_json::Map::new();
    for i in 0..n {
        let item = format!("#/components/schemas/Item{}", i % schemas);
        let mut op = json!({
            "operationId": format!("operation{i}"),
            "tags": [format!("group{}", i / OPERATIONS_PER_TAG)],
            "summary": format!("Operation number {i}."),
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "description": "How many to return.", "schema": {"type": "integer", "format": "int32"}},
                {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {"description": "The item.", "content": {"application/json": {"schema": {"$ref": item}}}},
                "404": {"description": "Not found.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        });
        let method = if i % 3 == 1 {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": item}}}});
            "post"
        } else {
            "get"
        };
        paths.insert(format!("/items{i}/{{id}}"), json!({ method: op }));
    }
    let mut components = serde_json::Map::new();
    for j in 0..schemas {
        components.insert(
            format!("Item{j}"),
            json!({
                "type": "object",
                "description": format!("Item kind {j}."),
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string", "description": "Display name."},
                    "count": {"type": "integer", "format": "int64"},
                    "status": {"type": "string", "enum": ["active", "inactive", "deleted"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "next": {"$ref": format!("#/components/schemas/Item{}", (j + 1) % schemas)},
                    "related": {"$ref": format!("#/components/schemas/ItemList{}", (j + 1) % schemas)},
                },
            }),
        );
        components.insert(format!("ItemList{j}"), json!({"type": "array", "items": {"$ref": format!("#/components/schemas/Item{j}")}}));
    }
    components.insert(
        "Error".into(),
        json!({"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}),
    );
    let tag_list: Vec<Value> = (0..tags).map(|t| json!({"name": format!("group{t}"), "description": format!("Group {t}.")})).collect();
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "tags": tag_list,
        "paths": paths,
        "components": {"schemas": components},
    })
}
