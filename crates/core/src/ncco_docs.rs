//! NCCO documents saved in SQLite, and which one each profile's answer webhook serves.
//!
//! A document may be saved with findings (work in progress), but only one without
//! errors can be made active: the answer webhook never serves an NCCO the validator
//! knows Vonage would reject.

use callboard_ncco::{Finding, Severity, SyntaxError, spec, templates, validate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::{
    db::{Named, Served},
    error::CoreError,
    id::Id,
};

/// What the composer needs to render its forms: the whole catalogue, once.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NccoCatalogue {
    /// Every action with its options.
    pub actions: &'static [spec::ActionSpec],
    /// Every connect endpoint type with its options.
    pub endpoints: &'static [spec::EndpointSpec],
    /// Starting points.
    pub templates: Vec<templates::Template>,
    /// The per-call placeholders and what each becomes.
    pub placeholders: Vec<Placeholder>,
}

/// A per-call placeholder.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Placeholder {
    /// As written in the NCCO, e.g. `{uuid}`.
    pub token: &'static str,
    /// What it becomes.
    pub meaning: &'static str,
}

/// A saved document, as the document list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NccoSummary {
    /// Its id.
    pub id: Id,
    /// Its unique name.
    pub name: String,
    /// When it was last saved (UTC, ISO 8601).
    pub updated_at: String,
    /// Whether the active profile's answer webhook serves it.
    pub active: bool,
    /// How many errors the validator finds in it.
    pub errors: u32,
    /// How many warnings.
    pub warnings: u32,
}

/// A saved document with its content and findings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NccoDocument {
    /// Its id.
    pub id: Id,
    /// Its unique name.
    pub name: String,
    /// The NCCO.
    pub document: Value,
    /// When it was last saved.
    pub updated_at: String,
    /// Whether the active profile's answer webhook serves it.
    pub active: bool,
    /// What the validator finds in it.
    pub findings: Vec<Finding>,
}

/// The result of checking an NCCO text.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NccoCheck {
    /// Set when the text is not JSON; then `document` is null and there are no findings.
    pub syntax_error: Option<SyntaxError>,
    /// The parsed document.
    pub document: Option<Value>,
    /// What the validator finds.
    pub findings: Vec<Finding>,
}

/// Parses and validates an NCCO text.
#[must_use]
pub fn check(text: &str) -> NccoCheck {
    match callboard_ncco::parse_json(text) {
        Ok(document) => NccoCheck {
            syntax_error: None,
            findings: validate(&document),
            document: Some(document),
        },
        Err(error) => NccoCheck {
            syntax_error: Some(error),
            document: None,
            findings: Vec::new(),
        },
    }
}

fn count(findings: &[Finding], severity: Severity) -> u32 {
    u32::try_from(findings.iter().filter(|f| f.severity == severity).count()).unwrap_or(u32::MAX)
}

fn parse_body(id: Id, body: &str) -> Result<Value, CoreError> {
    callboard_ncco::parse_json(body).map_err(|e| CoreError::CorruptDocument {
        id,
        reason: format!("{} at line {}, column {}", e.message, e.line, e.column),
    })
}

/// Every saved document, by name.
///
/// # Errors
/// Storage errors.
pub fn list(connection: &Connection, active: Option<Id>) -> Result<Vec<NccoSummary>, CoreError> {
    let mut statement = connection.prepare(
        "SELECT id, name, body, updated_at FROM ncco_documents ORDER BY name COLLATE NOCASE",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, Id>("id")?,
            row.get::<_, String>("name")?,
            row.get::<_, String>("body")?,
            row.get::<_, String>("updated_at")?,
        ))
    })?;
    let mut summaries = Vec::new();
    for row in rows {
        let (id, name, body, updated_at) = row?;
        let findings = callboard_ncco::parse_json(&body)
            .map(|doc| validate(&doc))
            .unwrap_or_default();
        summaries.push(NccoSummary {
            id,
            name,
            updated_at,
            active: active == Some(id),
            errors: count(&findings, Severity::Error),
            warnings: count(&findings, Severity::Warning),
        });
    }
    Ok(summaries)
}

/// One saved document.
///
/// # Errors
/// [`CoreError::NccoNotFound`]; storage errors.
pub fn get(connection: &Connection, id: Id, active: Option<Id>) -> Result<NccoDocument, CoreError> {
    let (name, body, updated_at) = connection
        .query_row(
            "SELECT name, body, updated_at FROM ncco_documents WHERE id = ?1",
            [id],
            |row| {
                Ok((
                    row.get::<_, String>("name")?,
                    row.get::<_, String>("body")?,
                    row.get::<_, String>("updated_at")?,
                ))
            },
        )
        .optional()?
        .ok_or(CoreError::NccoNotFound(id))?;
    let document = parse_body(id, &body)?;
    Ok(NccoDocument {
        findings: validate(&document),
        id,
        name,
        document,
        updated_at,
        active: active == Some(id),
    })
}

/// Saves a document: a new one when `id` is `None`, else replaces that one's name and content.
///
/// # Errors
/// [`CoreError::InvalidInput`] for an empty or taken name; [`CoreError::NccoNotFound`].
pub fn save(
    connection: &Connection,
    id: Option<Id>,
    name: &str,
    document: &Value,
    active: Option<Id>,
) -> Result<NccoDocument, CoreError> {
    let name = Named::Ncco.checked_name(name)?;
    let body =
        serde_json::to_string_pretty(document).map_err(|e| CoreError::input(e.to_string()))?;
    let saved = Named::Ncco.save(connection, id, name, Some(&body))?;
    get(connection, saved, active)
}

/// Deletes a document; a profile serving it goes back to the welcome NCCO.
///
/// # Errors
/// [`CoreError::NccoNotFound`]; storage errors.
pub fn delete(connection: &Connection, id: Id) -> Result<(), CoreError> {
    Named::Ncco.delete(connection, id)
}

/// Makes a profile serve `id` (or the welcome NCCO for `None`). Refused while the
/// document has errors.
///
/// # Errors
/// [`CoreError::NccoHasErrors`], [`CoreError::NccoNotFound`]; storage errors.
pub fn set_active(
    connection: &Connection,
    profile: Id,
    id: Option<Id>,
) -> Result<Option<Value>, CoreError> {
    let document = match id {
        Some(id) => {
            let document = get(connection, id, None)?;
            let errors = count(&document.findings, Severity::Error);
            if errors > 0 {
                return Err(CoreError::NccoHasErrors {
                    name: document.name,
                    errors,
                });
            }
            Some(document.document)
        }
        None => None,
    };
    Served::Ncco.set_active_id(connection, profile, id)?;
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{db::Db, profiles};
    use serde_json::json;

    fn setup() -> (Db, Id) {
        let db = Db::open_in_memory().expect("db");
        let profile = profiles::active_or_first_run(&db.lock(), 3000).expect("profile");
        (db, profile.id)
    }

    #[test]
    fn saves_lists_renames_and_deletes() {
        let (db, _) = setup();
        let connection = db.lock();
        let saved = save(
            &connection,
            None,
            "Greeting",
            &json!([{"action": "talk", "text": "hi"}]),
            None,
        )
        .expect("save");
        assert!(saved.findings.is_empty());
        let renamed = save(
            &connection,
            Some(saved.id),
            "Hello",
            &json!([{"action": "talk"}]),
            None,
        )
        .expect("update");
        assert_eq!(renamed.name, "Hello");
        assert_eq!(
            renamed.findings.len(),
            1,
            "a document with findings can be saved as work in progress"
        );
        let listed = list(&connection, None).expect("list");
        assert_eq!((listed.len(), listed[0].errors), (1, 1));
        delete(&connection, saved.id).expect("delete");
        assert!(matches!(
            get(&connection, saved.id, None),
            Err(CoreError::NccoNotFound(_))
        ));
        assert!(matches!(
            delete(&connection, saved.id),
            Err(CoreError::NccoNotFound(_))
        ));
    }

    #[test]
    fn names_are_required_and_unique() {
        let (db, _) = setup();
        let connection = db.lock();
        let doc = json!([{"action": "talk", "text": "hi"}]);
        save(&connection, None, "A", &doc, None).expect("first");
        assert!(
            matches!(save(&connection, None, " A ", &doc, None), Err(CoreError::InvalidInput { message: m, field: Some("name") }) if m.contains("already exists")),
            "a taken name is the name input's mistake"
        );
        assert!(matches!(
            save(&connection, None, "  ", &doc, None),
            Err(CoreError::InvalidInput { message: m, field: Some("name") }) if m == "give the NCCO a name before saving it"
        ));
        assert!(matches!(
            save(&connection, Some(Id(99)), "B", &doc, None),
            Err(CoreError::NccoNotFound(Id(99)))
        ));
    }

    #[test]
    fn only_a_document_without_errors_can_be_made_active() {
        let (db, profile) = setup();
        let connection = db.lock();
        let broken = save(
            &connection,
            None,
            "Broken",
            &json!([{"action": "stream", "streamUrl": ["wss://x.example/s"]}]),
            None,
        )
        .expect("save");
        let refused = set_active(&connection, profile, Some(broken.id)).unwrap_err();
        assert!(
            matches!(refused, CoreError::NccoHasErrors { errors: 1, .. }),
            "{refused:?}"
        );
        assert_eq!(
            Served::Ncco.active_id(&connection, profile).expect("read"),
            None,
            "nothing changed"
        );
        let good = save(
            &connection,
            None,
            "Good",
            &json!([{"action": "talk", "text": "hi"}]),
            None,
        )
        .expect("save");
        assert_eq!(
            set_active(&connection, profile, Some(good.id)).expect("activate"),
            Some(good.document)
        );
        assert_eq!(
            Served::Ncco.active_id(&connection, profile).expect("read"),
            Some(good.id)
        );
        delete(&connection, good.id).expect("delete the active one");
        assert_eq!(
            Served::Ncco.active_id(&connection, profile).expect("read"),
            None,
            "deleting it falls back to the welcome NCCO"
        );
    }

    #[test]
    fn check_reports_syntax_errors_with_their_position() {
        let result = check("[\n  {\"action\": \"talk\",}\n]");
        let syntax = result.syntax_error.expect("not JSON");
        assert_eq!(
            (syntax.line, syntax.column),
            (2, 21),
            "the position of the stray }}"
        );
        assert!(
            !syntax.message.contains("at line"),
            "the position is not repeated: {}",
            syntax.message
        );
        assert!(result.document.is_none());
        let fine = check("[{\"action\":\"talk\",\"text\":\"hi\"}]");
        assert!(fine.syntax_error.is_none() && fine.findings.is_empty() && fine.document.is_some());
    }
}
