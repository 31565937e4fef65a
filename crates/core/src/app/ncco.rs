//! The App's use cases for NCCO documents: the catalogue, saving, activating, checking,
//! fixing, importing and exporting.

use callboard_ncco::{Fix, apply_fix, spec, templates};
use serde_json::Value;

use super::App;
use crate::{
    db,
    error::CoreError,
    events::CoreEvent,
    id::Id,
    ncco_docs::{self, NccoCatalogue, NccoCheck, NccoDocument, NccoSummary, Placeholder},
};

impl App {
    /// The catalogue of actions, endpoint types, templates and placeholders.
    #[must_use]
    pub fn ncco_catalogue(&self) -> NccoCatalogue {
        NccoCatalogue {
            actions: spec::ACTIONS,
            endpoints: spec::ENDPOINTS,
            templates: templates::all(),
            placeholders: callboard_ncco::placeholders::PLACEHOLDERS
                .iter()
                .map(|(token, meaning)| Placeholder { token, meaning })
                .collect(),
        }
    }

    /// Every saved NCCO document.
    ///
    /// # Errors
    /// Storage errors.
    pub fn ncco_list(&self) -> Result<Vec<NccoSummary>, CoreError> {
        let connection = self.db.lock();
        let active = self.active_ncco_id(&connection)?;
        ncco_docs::list(&connection, active)
    }

    /// One saved document with its findings.
    ///
    /// # Errors
    /// [`CoreError::NccoNotFound`]; storage errors.
    pub fn ncco_get(&self, id: Id) -> Result<NccoDocument, CoreError> {
        let connection = self.db.lock();
        let active = self.active_ncco_id(&connection)?;
        ncco_docs::get(&connection, id, active)
    }

    /// Saves a document (new when `id` is `None`). The document being served must stay
    /// free of errors, so saving it with errors is refused (the composer keeps the edit).
    ///
    /// # Errors
    /// [`CoreError::NccoHasErrors`] for the served document; name and storage errors.
    pub fn ncco_save(
        &self,
        id: Option<Id>,
        name: &str,
        document: &Value,
    ) -> Result<NccoDocument, CoreError> {
        let saved = {
            let connection = self.db.lock();
            let active = self.active_ncco_id(&connection)?;
            if id.is_some() && id == active {
                let errors = callboard_ncco::validate(document)
                    .iter()
                    .filter(|f| f.severity == callboard_ncco::Severity::Error)
                    .count();
                if errors > 0 {
                    return Err(CoreError::NccoHasErrors {
                        name: name.trim().to_owned(),
                        errors: u32::try_from(errors).unwrap_or(u32::MAX),
                    });
                }
            }
            ncco_docs::save(&connection, id, name, document, active)?
        };
        if saved.active {
            self.served.replace(saved.document.clone());
        }
        self.bus.publish(CoreEvent::NccoChanged);
        Ok(saved)
    }

    /// Deletes a document; if it was served, the welcome NCCO is served instead.
    ///
    /// # Errors
    /// [`CoreError::NccoNotFound`]; storage errors.
    pub fn ncco_delete(&self, id: Id) -> Result<(), CoreError> {
        ncco_docs::delete(&self.db.lock(), id)?;
        self.serve_active()?;
        self.bus.publish(CoreEvent::NccoChanged);
        Ok(())
    }

    /// Makes the answer webhook serve `id` (so no flow is active), or the welcome NCCO
    /// for `None`.
    ///
    /// # Errors
    /// [`CoreError::NccoHasErrors`] (nothing changes); not found and storage errors.
    pub fn ncco_activate(&self, id: Option<Id>) -> Result<Vec<NccoSummary>, CoreError> {
        {
            let connection = self.db.lock();
            let profile = self.active_profile_locked(&connection)?;
            ncco_docs::set_active(&connection, profile.id, id)?;
            if id.is_some() {
                crate::flows::set_active(&connection, profile.id, None)?;
            }
        }
        self.serve_active()?;
        self.bus.publish(CoreEvent::NccoChanged);
        self.ncco_list()
    }

    /// Parses and validates an NCCO text (the composer's JSON pane).
    #[must_use]
    pub fn ncco_check(&self, text: &str) -> NccoCheck {
        ncco_docs::check(text)
    }

    /// Applies a validator fix to a document.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when the fix no longer applies (the document changed).
    pub fn ncco_apply_fix(&self, document: &Value, fix: &Fix) -> Result<Value, CoreError> {
        let mut fixed = document.clone();
        apply_fix(&mut fixed, fix).map_err(|e| CoreError::input(e.to_string()))?;
        Ok(fixed)
    }

    /// Imports an NCCO file as a new document named after the file.
    ///
    /// # Errors
    /// [`CoreError::File`] when it cannot be read or is not JSON (with line and column).
    pub fn ncco_import(&self, path: &str) -> Result<NccoDocument, CoreError> {
        let file = |reason: String| CoreError::File {
            path: path.to_owned(),
            reason,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| file(format!("cannot be read: {e}")))?;
        let document =
            callboard_ncco::parse_json(&text).map_err(|error| file(format!("is {error}")))?;
        let stem = std::path::Path::new(path).file_stem().map_or_else(
            || "Imported NCCO".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        );
        let taken: Vec<String> = self.ncco_list()?.into_iter().map(|doc| doc.name).collect();
        let name = db::unique_name(&stem, &taken);
        self.ncco_save(None, &name, &document)
    }

    /// Writes a document to a file as pretty JSON.
    ///
    /// # Errors
    /// [`CoreError::File`] when it cannot be written; not found errors.
    pub fn ncco_export(&self, id: Id, path: &str) -> Result<(), CoreError> {
        let document = self.ncco_get(id)?;
        let mut text = serde_json::to_string_pretty(&document.document)
            .map_err(|e| CoreError::input(e.to_string()))?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| CoreError::File {
            path: path.to_owned(),
            reason: format!("cannot be written: {e}"),
        })
    }
}
