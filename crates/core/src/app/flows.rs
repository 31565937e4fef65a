//! The App's use cases for flows: templates, saving with revisions, checking,
//! activating (one flow or one NCCO is served at a time), importing and exporting.

use super::{App, served_document};
use crate::{
    db::{self, Db, Served},
    error::CoreError,
    events::CoreEvent,
    flows::{self, FlowCatalogue, FlowDocument, FlowRevision, FlowSummary, FlowTemplateView},
    id::Id,
    ncco_docs,
};
use callboard_flow::{Flow, FlowFinding};
use callboard_server::ActiveNcco;

impl App {
    /// The flows to start from.
    #[must_use]
    pub fn flow_catalogue(&self) -> FlowCatalogue {
        FlowCatalogue {
            templates: callboard_flow::templates::all()
                .into_iter()
                .map(|template| FlowTemplateView {
                    id: template.id.into(),
                    description: template.description.into(),
                    flow: template.flow(),
                })
                .collect(),
        }
    }

    /// Every saved flow.
    ///
    /// # Errors
    /// Storage errors.
    pub fn flow_list(&self) -> Result<Vec<FlowSummary>, CoreError> {
        let connection = self.db.lock();
        let active = self.active_flow_id(&connection)?;
        flows::list(&connection, active)
    }

    /// A saved flow at its newest revision, or at `revision`.
    ///
    /// # Errors
    /// [`CoreError::FlowNotFound`]; storage errors.
    pub fn flow_get(&self, id: Id, revision: Option<Id>) -> Result<FlowDocument, CoreError> {
        let connection = self.db.lock();
        let active = self.active_flow_id(&connection)?;
        flows::get(&connection, id, revision, active)
    }

    /// Every finding in a flow being edited.
    #[must_use]
    pub fn flow_check(&self, flow: &Flow) -> Vec<FlowFinding> {
        callboard_flow::check(flow)
    }

    /// Saves a flow as a new revision (a new flow when `id` is `None`). The flow being
    /// served must stay free of errors, so saving it with errors is refused (the editor
    /// keeps the edit); once saved, calls get the new revision from their next step.
    ///
    /// # Errors
    /// [`CoreError::FlowHasErrors`] for the served flow; name and storage errors.
    pub fn flow_save(&self, id: Option<Id>, flow: &Flow) -> Result<FlowDocument, CoreError> {
        let saved = {
            let connection = self.db.lock();
            let active = self.active_flow_id(&connection)?;
            if id.is_some() && id == active {
                let errors = callboard_flow::check(flow)
                    .iter()
                    .filter(|f| f.severity == callboard_ncco::Severity::Error)
                    .count();
                if errors > 0 {
                    return Err(CoreError::FlowHasErrors {
                        name: flow.name.trim().to_owned(),
                        errors: u32::try_from(errors).unwrap_or(u32::MAX),
                    });
                }
            }
            flows::save(&connection, id, flow, active)?
        };
        if saved.active {
            self.serve_active()?;
        }
        self.bus.publish(CoreEvent::NccoChanged);
        Ok(saved)
    }

    /// Every kept revision of a flow, newest first.
    ///
    /// # Errors
    /// [`CoreError::FlowNotFound`]; storage errors.
    pub fn flow_revisions(&self, id: Id) -> Result<Vec<FlowRevision>, CoreError> {
        flows::revisions(&self.db.lock(), id)
    }

    /// Saves an old revision again as the newest (nothing in between is lost).
    ///
    /// # Errors
    /// As [`App::flow_save`]; [`CoreError::FlowNotFound`] for an unknown revision.
    pub fn flow_restore(&self, id: Id, revision: Id) -> Result<FlowDocument, CoreError> {
        let old = self.flow_get(id, Some(revision))?;
        if old.revision != revision {
            return Err(CoreError::FlowNotFound(id));
        }
        self.flow_save(Some(id), &old.flow)
    }

    /// Deletes a flow and its revisions; if it was served, the profile's NCCO is served.
    ///
    /// # Errors
    /// [`CoreError::FlowNotFound`]; storage errors.
    pub fn flow_delete(&self, id: Id) -> Result<(), CoreError> {
        flows::delete(&self.db.lock(), id)?;
        self.serve_active()?;
        self.bus.publish(CoreEvent::NccoChanged);
        Ok(())
    }

    /// Makes the answer webhook serve flow `id` (so no NCCO is active), or no flow for
    /// `None` (the welcome NCCO until an NCCO is made active).
    ///
    /// # Errors
    /// [`CoreError::FlowHasErrors`] (nothing changes); not found and storage errors.
    pub fn flow_activate(&self, id: Option<Id>) -> Result<Vec<FlowSummary>, CoreError> {
        {
            let connection = self.db.lock();
            let profile = self.active_profile_locked(&connection)?;
            flows::set_active(&connection, profile.id, id)?;
            if id.is_some() {
                ncco_docs::set_active(&connection, profile.id, None)?;
            }
        }
        self.serve_active()?;
        self.bus.publish(CoreEvent::NccoChanged);
        self.flow_list()
    }

    /// Imports a flow file as a new flow (its name made unique).
    ///
    /// # Errors
    /// [`CoreError::File`] when it cannot be read or is not a flow (with where and why).
    pub fn flow_import(&self, path: &str) -> Result<FlowDocument, CoreError> {
        let file = |reason: String| CoreError::File {
            path: path.to_owned(),
            reason,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| file(format!("cannot be read: {e}")))?;
        let mut flow = Flow::parse(&text).map_err(|error| file(format!("is {error}")))?;
        let taken: Vec<String> = self.flow_list()?.into_iter().map(|f| f.name).collect();
        let stem = flow.name.trim().to_owned();
        flow.name = db::unique_name(&stem, &taken);
        self.flow_save(None, &flow)
    }

    /// Writes a flow to a file in the form that diffs well.
    ///
    /// # Errors
    /// [`CoreError::File`] when it cannot be written; not found errors.
    pub fn flow_export(&self, id: Id, path: &str) -> Result<(), CoreError> {
        let document = self.flow_get(id, None)?;
        std::fs::write(path, document.flow.to_file_text()).map_err(|e| CoreError::File {
            path: path.to_owned(),
            reason: format!("cannot be written: {e}"),
        })
    }

    pub(crate) fn active_flow_id(
        &self,
        connection: &rusqlite::Connection,
    ) -> Result<Option<Id>, CoreError> {
        let profile = self.active_profile_locked(connection)?;
        Served::Flow.active_id(connection, profile.id)
    }

    /// Serves what the active profile has active: its flow, else its NCCO.
    pub(crate) fn serve_active(&self) -> Result<(), CoreError> {
        let profile = self.active_profile_locked(&self.db.lock())?;
        serve_active(&self.db, &self.served, profile.id)
    }
}

/// Serves what `profile` has active on `served`: its flow, else its NCCO (or the
/// welcome NCCO).
pub(super) fn serve_active(db: &Db, served: &ActiveNcco, profile: Id) -> Result<(), CoreError> {
    let flow = {
        let connection = db.lock();
        match Served::Flow.active_id(&connection, profile)? {
            Some(id) => Some((id, flows::get(&connection, id, None, Some(id))?.flow)),
            None => None,
        }
    };
    match flow {
        Some((id, flow)) => {
            served.serve_flow(callboard_flow::Runner::new(flows::route_key(id), flow))
        }
        None => served.replace(served_document(db, profile)?),
    }
    Ok(())
}
