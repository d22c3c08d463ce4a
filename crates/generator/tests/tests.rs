//! Integration tests of the generator: one binary, modules per concern.

mod util;

mod cli;
mod lake;
