//! Holds nothing: this package exists for its integration tests in `integration/`.
