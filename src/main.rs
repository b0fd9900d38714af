//! The `tender` command.

mod cli;
mod cmd;

use std::process::ExitCode;

/// mimalloc rather than the system allocator: parsing thousands of workbooks on several
/// threads allocates millions of small strings, and glibc's per-thread arenas kept about
/// twice the live heap as resident memory (benches/RESULTS.md has the numbers).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cmd::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            tender::errln!("{}", cmd::render_error(&err));
            ExitCode::from(2)
        }
    }
}
