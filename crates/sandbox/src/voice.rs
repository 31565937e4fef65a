//! The Voice API surface (`/v1/calls`). For now it lists calls, which is enough to
//! prove that a JWT is accepted; creating and controlling calls joins with the call
//! engine.

use std::sync::Arc;

use axum::{Json, Router, extract::State, http::HeaderMap, routing::get};
use serde_json::{Value, json};

use crate::{SandboxState, auth, problem::Problem};

pub fn routes() -> Router<Arc<SandboxState>> {
    Router::new().route("/v1/calls", get(list_calls))
}

async fn list_calls(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, Problem> {
    auth::bearer(&headers, &state)?;
    Ok(Json(json!({
        "count": 0,
        "page_size": 10,
        "record_index": 0,
        "_links": {"self": {"href": "/calls?page_size=10&record_index=0"}},
        "_embedded": {"calls": []}
    })))
}
