//! The App's use cases for call tests: saving them (as steps or as text), running one as
//! a call on the embedded Sandbox against whatever the profile serves, and making one
//! from what a call did.

use super::App;
use crate::{
    calltests::{self, CallTestDocument, CallTestSummary, TestRunView, TestStep},
    db,
    error::CoreError,
    events::CoreEvent,
    id::Id,
};

impl App {
    /// Every saved test with its last run.
    ///
    /// # Errors
    /// Storage errors.
    pub fn tests_list(&self) -> Result<Vec<CallTestSummary>, CoreError> {
        calltests::list(&self.db.lock())
    }

    /// One saved test.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when it does not exist.
    pub fn tests_get(&self, id: Id) -> Result<CallTestDocument, CoreError> {
        calltests::get(&self.db.lock(), id)
    }

    /// Saves a test from the form's steps (new when `id` is `None`).
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] naming the step's line when a step is not valid.
    pub fn tests_save(
        &self,
        id: Option<Id>,
        name: &str,
        steps: &[TestStep],
    ) -> Result<CallTestDocument, CoreError> {
        calltests::save(&self.db.lock(), id, name, &calltests::to_text(name, steps))
    }

    /// Saves a test from its file's text.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] naming the line of the mistake.
    pub fn tests_save_text(
        &self,
        id: Option<Id>,
        name: &str,
        text: &str,
    ) -> Result<CallTestDocument, CoreError> {
        calltests::save(&self.db.lock(), id, name, text)
    }

    /// Deletes a test.
    ///
    /// # Errors
    /// Storage errors.
    pub fn tests_delete(&self, id: Id) -> Result<(), CoreError> {
        calltests::delete(&self.db.lock(), id)
    }

    /// Runs a test as a call on the Sandbox, against what the profile serves (its flow,
    /// its NCCO, or the backend it forwards to); each step is published as it passes,
    /// the call joins the Calls section with its timeline, and the run is kept.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] outside a Sandbox profile or for a test that no longer
    /// parses; storage errors.
    pub async fn tests_run(&self, id: Id) -> Result<TestRunView, CoreError> {
        let document = self.tests_get(id)?;
        let test = calltests::parse(&document.name, &document.text)?;
        let sandbox = self.sandbox_state().await?;
        let serves_flow = self.active_flow_id(&self.db.lock())?.is_some();
        let platform = callboard_calltest::Platform {
            sandbox: sandbox.clone(),
            steps: Some(self.flow_steps.clone()),
            serves_flow,
        };
        let at_ms = callboard_server::capture::now_ms();
        let bus = self.bus.clone();
        let mut progress = move |step: &callboard_calltest::StepResult| {
            bus.publish(CoreEvent::TestStep {
                test: id,
                step: step.clone(),
            });
        };
        let result = callboard_calltest::run::run(&platform, &test, &mut progress).await;
        if let Some(uuid) = &result.call {
            let profile = self.active_profile()?;
            let summary = crate::calls::CallSummary {
                uuid: uuid.clone(),
                conversation_uuid: sandbox
                    .calls
                    .get(uuid)
                    .map(|c| c.conversation_uuid)
                    .unwrap_or_default(),
                to: sandbox
                    .account()
                    .numbers
                    .first()
                    .cloned()
                    .unwrap_or_default(),
                from: callboard_sandbox::PHONE_NUMBER.into(),
                ncco_source: crate::calls::NccoSource::AnswerWebhook,
                placed_at_ms: at_ms,
                status: None,
            };
            crate::calls::record_placed(&self.db.lock(), profile.id, &summary)?;
            self.bus.publish(CoreEvent::CallsChanged);
        }
        let run = TestRunView {
            test_id: id,
            at_ms,
            passed: result.passed,
            call: result.call,
            steps: result.steps,
            evidence: result.evidence,
            took_ms: result.took_ms,
        };
        calltests::record_run(&self.db.lock(), &run)?;
        Ok(run)
    }

    /// Imports a test file (`.toml`) as a new test, named as the file says (or after the
    /// file), made unique.
    ///
    /// # Errors
    /// [`CoreError::File`] when it cannot be read or is not a test (with the line).
    pub fn tests_import(&self, path: &str) -> Result<CallTestDocument, CoreError> {
        let file = |reason: String| CoreError::File {
            path: path.to_owned(),
            reason,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| file(format!("cannot be read: {e}")))?;
        let test = callboard_calltest::TestFile::parse(path, &text)
            .map_err(|e| file(format!("is not a test: line {}: {}", e.line, e.message)))?;
        let connection = self.db.lock();
        let taken: Vec<String> = calltests::list(&connection)?
            .into_iter()
            .map(|t| t.name)
            .collect();
        let name = db::unique_name(&test.name, &taken);
        calltests::save(&connection, None, &name, &text)
    }

    /// Writes a test to a file, as `callboard-cli test` reads it.
    ///
    /// # Errors
    /// [`CoreError::File`] when it cannot be written; not found errors.
    pub fn tests_export(&self, id: Id, path: &str) -> Result<(), CoreError> {
        let document = self.tests_get(id)?;
        std::fs::write(path, document.text).map_err(|e| CoreError::File {
            path: path.to_owned(),
            reason: format!("cannot be written: {e}"),
        })
    }

    /// A new test of what call `uuid` did (what was heard, pressed and said, and how it
    /// ended), saved under a name of its own; it passes when run again.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when the call left nothing to test; storage errors.
    pub fn tests_from_call(&self, uuid: &str) -> Result<CallTestDocument, CoreError> {
        let connection = self.db.lock();
        let steps = calltests::from_call(&connection, uuid)?;
        if !steps
            .iter()
            .any(|s| s.kind == calltests::TestStepKind::Hear)
        {
            return Err(CoreError::input(
                "The call has nothing to test yet: no NCCO with a talk was served to it.".into(),
            ));
        }
        let taken: Vec<String> = calltests::list(&connection)?
            .into_iter()
            .map(|t| t.name)
            .collect();
        let short: String = uuid.chars().take(8).collect();
        let base = format!("Recorded call {short}");
        let name = db::unique_name(&base, &taken);
        calltests::save(&connection, None, &name, &calltests::to_text(&name, &steps))
    }
}
