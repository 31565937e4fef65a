//! The NCCO parser and validator, with every fix applied, on any bytes.
fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        if let Ok(document) = callboard_ncco::parse_json(&text) {
            for finding in callboard_ncco::validate(&document) {
                for fix in &finding.fixes {
                    let mut copy = document.clone();
                    let _ = callboard_ncco::apply_fix(&mut copy, fix);
                }
            }
            let _ = callboard_ncco::model::parse_actions(&document);
        }
    });
}
