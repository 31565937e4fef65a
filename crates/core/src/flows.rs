//! Flows saved in SQLite with every revision kept, and which one each profile serves.
//!
//! Each save adds a revision (the flow's file text); the newest is the flow. Restoring
//! an old revision saves it again as the newest, so nothing is ever lost. Like an NCCO,
//! a flow may be saved with findings, but only one without errors can be served.

use callboard_flow::{Flow, FlowFinding, check};
use callboard_ncco::Severity;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use crate::{
    db::{Named, Served},
    error::CoreError,
    id::Id,
};

/// What the flow editor needs besides the NCCO catalogue: the flows to start from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FlowCatalogue {
    /// Starting points, each with real branches and no findings.
    pub templates: Vec<FlowTemplateView>,
}

/// A flow to start from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FlowTemplateView {
    /// Stable identifier.
    pub id: String,
    /// What it does.
    pub description: String,
    /// The flow.
    pub flow: Flow,
}

/// A saved flow, as the flow list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FlowSummary {
    /// Its id.
    pub id: Id,
    /// Its unique name.
    pub name: String,
    /// When it was last saved (UTC, ISO 8601).
    pub updated_at: String,
    /// Whether the active profile's answer webhook serves it.
    pub active: bool,
    /// How many steps.
    pub steps: u32,
    /// How many errors the check finds.
    pub errors: u32,
    /// How many warnings.
    pub warnings: u32,
}

/// A saved flow, whole, with its findings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FlowDocument {
    /// Its id.
    pub id: Id,
    /// The newest revision's id.
    pub revision: Id,
    /// The flow.
    pub flow: Flow,
    /// When it was last saved.
    pub updated_at: String,
    /// Whether the active profile's answer webhook serves it.
    pub active: bool,
    /// What the check finds.
    pub findings: Vec<FlowFinding>,
}

/// One kept revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FlowRevision {
    /// Its id.
    pub id: Id,
    /// When it was saved.
    pub saved_at: String,
    /// The flow's name then.
    pub name: String,
    /// How many steps it had.
    pub steps: u32,
}

fn count(findings: &[FlowFinding], severity: Severity) -> u32 {
    u32::try_from(findings.iter().filter(|f| f.severity == severity).count()).unwrap_or(u32::MAX)
}

fn steps(flow: &Flow) -> u32 {
    u32::try_from(flow.steps.len()).unwrap_or(u32::MAX)
}

fn parse(id: Id, body: &str) -> Result<Flow, CoreError> {
    Flow::parse(body).map_err(|e| CoreError::CorruptDocument {
        id,
        reason: e.to_string(),
    })
}

/// The newest revision of every flow, by name.
///
/// # Errors
/// Storage errors.
pub fn list(connection: &Connection, active: Option<Id>) -> Result<Vec<FlowSummary>, CoreError> {
    let mut statement = connection.prepare(
        "SELECT f.id, f.name, r.body, r.saved_at FROM flows f
         JOIN flow_revisions r ON r.id = (SELECT max(id) FROM flow_revisions WHERE flow_id = f.id)
         ORDER BY f.name COLLATE NOCASE",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, Id>("id")?,
            row.get::<_, String>("name")?,
            row.get::<_, String>("body")?,
            row.get::<_, String>("saved_at")?,
        ))
    })?;
    let mut summaries = Vec::new();
    for row in rows {
        let (id, name, body, updated_at) = row?;
        let (steps, findings) =
            Flow::parse(&body).map_or((0, Vec::new()), |flow| (steps(&flow), check(&flow)));
        summaries.push(FlowSummary {
            id,
            name,
            updated_at,
            active: active == Some(id),
            steps,
            errors: count(&findings, Severity::Error),
            warnings: count(&findings, Severity::Warning),
        });
    }
    Ok(summaries)
}

/// A flow at its newest revision, or at `revision`.
///
/// # Errors
/// [`CoreError::FlowNotFound`]; storage errors.
pub fn get(
    connection: &Connection,
    id: Id,
    revision: Option<Id>,
    active: Option<Id>,
) -> Result<FlowDocument, CoreError> {
    let (revision, body, updated_at) = connection
        .query_row(
            "SELECT id, body, saved_at FROM flow_revisions
             WHERE flow_id = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY id DESC LIMIT 1",
            params![id, revision],
            |row| {
                Ok((
                    row.get::<_, Id>("id")?,
                    row.get::<_, String>("body")?,
                    row.get::<_, String>("saved_at")?,
                ))
            },
        )
        .optional()?
        .ok_or(CoreError::FlowNotFound(id))?;
    let flow = parse(id, &body)?;
    Ok(FlowDocument {
        findings: check(&flow),
        id,
        revision,
        flow,
        updated_at,
        active: active == Some(id),
    })
}

/// Saves `flow` as a new flow (`id` `None`) or as the newest revision of `id`.
///
/// # Errors
/// [`CoreError::InvalidInput`] for an empty or taken name; [`CoreError::FlowNotFound`].
pub fn save(
    connection: &Connection,
    id: Option<Id>,
    flow: &Flow,
    active: Option<Id>,
) -> Result<FlowDocument, CoreError> {
    let name = Named::Flow.checked_name(&flow.name)?;
    let mut flow = flow.clone();
    name.clone_into(&mut flow.name);
    let id = Named::Flow.save(connection, id, name, None)?;
    connection.execute(
        "INSERT INTO flow_revisions (flow_id, body) VALUES (?1, ?2)",
        params![id, flow.to_file_text()],
    )?;
    get(connection, id, None, active)
}

/// Every revision of a flow, newest first.
///
/// # Errors
/// [`CoreError::FlowNotFound`]; storage errors.
pub fn revisions(connection: &Connection, id: Id) -> Result<Vec<FlowRevision>, CoreError> {
    let mut statement = connection.prepare(
        "SELECT id, saved_at, body FROM flow_revisions WHERE flow_id = ?1 ORDER BY id DESC",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok((
            row.get::<_, Id>("id")?,
            row.get::<_, String>("saved_at")?,
            row.get::<_, String>("body")?,
        ))
    })?;
    let mut revisions = Vec::new();
    for row in rows {
        let (revision, saved_at, body) = row?;
        let flow = Flow::parse(&body).ok();
        revisions.push(FlowRevision {
            id: revision,
            saved_at,
            name: flow
                .as_ref()
                .map_or_else(|| "(damaged)".into(), |f| f.name.clone()),
            steps: flow.as_ref().map_or(0, steps),
        });
    }
    if revisions.is_empty() {
        return Err(CoreError::FlowNotFound(id));
    }
    Ok(revisions)
}

/// Deletes a flow with its revisions; a profile serving it goes back to its NCCO.
///
/// # Errors
/// [`CoreError::FlowNotFound`]; storage errors.
pub fn delete(connection: &Connection, id: Id) -> Result<(), CoreError> {
    Named::Flow.delete(connection, id)
}

/// Makes a profile serve flow `id` (or no flow for `None`, so its NCCO is served).
/// Refused while the flow has errors.
///
/// # Errors
/// [`CoreError::FlowHasErrors`], [`CoreError::FlowNotFound`]; storage errors.
pub fn set_active(
    connection: &Connection,
    profile: Id,
    id: Option<Id>,
) -> Result<Option<Flow>, CoreError> {
    let flow = match id {
        Some(id) => {
            let document = get(connection, id, None, None)?;
            let errors = count(&document.findings, Severity::Error);
            if errors > 0 {
                return Err(CoreError::FlowHasErrors {
                    name: document.flow.name,
                    errors,
                });
            }
            Some(document.flow)
        }
        None => None,
    };
    Served::Flow.set_active_id(connection, profile, id)?;
    Ok(flow)
}

/// The key a flow's routes carry: its id, so a route outlives renames.
#[must_use]
pub fn route_key(id: Id) -> String {
    format!("f{}", id.0)
}
