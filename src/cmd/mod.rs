//! The commands: each parses nothing, calls the library and prints.

mod admit;
mod check;
mod criteria;
mod demo;
mod diff;
mod docs;
mod form;
mod init;
mod method_check;
mod monitor;
mod nvi;
mod report;
mod schema;
mod score;
mod sheets;
mod validate;

use std::io::IsTerminal;

use tender::diagnostic::Error;
use tender::load::{LoadError, Loaded};

use crate::cli::{Cli, ColorChoice, Command};

/// Refuses an open house in a command that scores, ranks or awards: an open house admits
/// in rounds (`tender admit`).
fn competitive_only(tender: &tender::load::LoadedTender) -> Result<(), Error> {
    if tender.def.tender.procedure == tender::model::Procedure::OpenHouse {
        return Err(Error::Usage(format!(
            "{} is an open house (procedure: open-house): nothing is scored or ranked; applications are decided in rounds with `tender admit`",
            tender.file.display()
        )));
    }
    Ok(())
}

/// Output settings shared by commands.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Colour stdout.
    pub color_out: bool,
    /// Colour stderr.
    pub color_err: bool,
}

impl Ui {
    fn new(choice: ColorChoice) -> Self {
        let env_off = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let pick = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !env_off,
        };
        Ui {
            color_out: pick(std::io::stdout().is_terminal()),
            color_err: pick(std::io::stderr().is_terminal()),
        }
    }
}

/// Runs a command; returns the exit code, or an error for exit 2.
pub fn run(cli: Cli) -> Result<u8, Error> {
    let ui = Ui::new(cli.color);
    match cli.command {
        Command::Validate { path } => validate::run(&path, ui),
        Command::Schema { which, format } => schema::run(which, format),
        Command::Init { dir } => init::run(&dir),
        Command::Criteria { path, lang } => criteria::run(path.as_deref(), lang, ui),
        Command::MethodCheck {
            path,
            output,
            lang,
            format,
        } => method_check::run(&path, output.as_deref(), lang, format, ui),
        Command::Nvi {
            path,
            output,
            lang,
            templates,
        } => nvi::run(&path, output.as_deref(), lang, templates.as_deref(), ui),
        Command::Diff {
            old,
            new,
            lang,
            format,
        } => diff::run(&old, &new, lang, format, ui),
        Command::Demo { output } => demo::run(&output, ui),
        Command::Docs {
            path,
            output,
            lang,
            templates,
        } => docs::run(&path, output.as_deref(), lang, templates.as_deref(), ui),
        Command::Report {
            path,
            output,
            result,
            lang,
            templates,
            force,
        } => report::run(
            report::Which::Report,
            &report::Args {
                path: &path,
                output: output.as_deref(),
                result: result.as_deref(),
                lang,
                templates: templates.as_deref(),
                force,
            },
            ui,
        ),
        Command::Letters {
            path,
            output,
            result,
            lang,
            templates,
            force,
        } => report::run(
            report::Which::Letters,
            &report::Args {
                path: &path,
                output: output.as_deref(),
                result: result.as_deref(),
                lang,
                templates: templates.as_deref(),
                force,
            },
            ui,
        ),
        Command::Kaart {
            path,
            output,
            result,
            lang,
            templates,
            force,
        } => report::run(
            report::Which::Kaart,
            &report::Args {
                path: &path,
                output: output.as_deref(),
                result: result.as_deref(),
                lang,
                templates: templates.as_deref(),
                force,
            },
            ui,
        ),
        Command::Monitor {
            path,
            output,
            result,
            register,
            lang,
        } => monitor::run(
            &path,
            output.as_deref(),
            monitor::Source {
                result: result.as_deref(),
                register: register.as_deref(),
            },
            lang,
            ui,
        ),
        Command::MonitorForm {
            path,
            output,
            result,
            register,
        } => monitor::run_form(
            &path,
            output.as_deref(),
            monitor::Source {
                result: result.as_deref(),
                register: register.as_deref(),
            },
            ui,
        ),
        Command::Form { path, output, lang } => form::run(&path, output.as_deref(), lang, ui),
        Command::Admit {
            path,
            round,
            replace,
            output,
            lang,
        } => admit::run(&path, round, replace, output.as_deref(), lang, ui),
        Command::Check {
            bids,
            tender,
            format,
        } => check::run(&bids, tender.as_deref(), format, ui),
        Command::Sheets {
            path,
            output,
            sample_scores,
        } => sheets::run(&path, output.as_deref(), sample_scores, ui),
        Command::Score {
            path,
            output,
            format,
            lang,
            templates,
            force,
        } => score::run(
            &path,
            &score::Options {
                output: output.as_deref(),
                format,
                lang,
                templates: templates.as_deref(),
                force,
            },
            ui,
        ),
    }
}

/// Untrusted text (a provider's name, a file name, a criteria file's text) as one line for
/// the terminal: the one sanitiser, [`tender::term::clean`].
pub fn printable(text: &str) -> String {
    tender::term::clean(text).into_owned()
}

/// As [`printable`], keeping line breaks (for text of several lines that is ours to lay out).
pub fn printable_lines(text: &str) -> String {
    tender::term::clean_lines(text)
}

/// One line for an unusable input.
///
/// The error may quote untrusted text (a file name from `bids/`, a cell's text), so it
/// goes through the terminal sanitiser ([`tender::term::clean`]).
pub fn render_error(err: &Error) -> String {
    format!("error: {}", tender::term::clean(&err.to_string()))
}

/// Prints the findings of a load to stderr.
pub fn print_findings(loaded: &Loaded, ui: Ui) {
    for f in &loaded.findings {
        let source = loaded.sources.get(&f.file).map(String::as_str);
        tender::errln!("{}\n", f.render(source, ui.color_err));
    }
}

/// Turns a failed load into the exit code, printing what is wrong.
pub fn load_failed(err: LoadError, ui: Ui) -> Result<u8, Error> {
    match err {
        LoadError::Unusable(e) => Err(e),
        LoadError::Invalid(loaded) => {
            print_findings(&loaded, ui);
            let n = loaded
                .findings
                .iter()
                .filter(|f| f.severity == tender::diagnostic::Severity::Error)
                .count();
            tender::errln!(
                "error: the tender has {n} error{}; run `tender validate` for details",
                if n == 1 { "" } else { "s" }
            );
            Ok(1)
        }
    }
}
