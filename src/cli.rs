//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Public procurement for the Dutch social domain: define a tender in YAML, generate its
/// documents and bid form, check bids, score them and write the award.
#[derive(Debug, Parser)]
#[command(
    name = "tender",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = TOP_HELP
)]
pub struct Cli {
    /// Colour in terminal output: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(
        long,
        global = true,
        default_value = "auto",
        value_name = "WHEN",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub color: ColorChoice,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The order of the steps and the folder conventions, under the top-level help.
const TOP_HELP: &str = "\
The steps, in order:
  officer    tender init DIR, tender validate DIR, tender docs DIR (the tender document and the
             bid form); tender form DIR writes the bid form alone
  provider   tender check BID.xlsx (would the bid be excluded?)
  committee  tender sheets DIR (score sheets), fill them in, tender score DIR (ranking, award,
             report, letters, kaart, OCDS); tender report DIR / tender letters DIR again later
  after      tender monitor-form DIR (report forms per awarded provider), tender monitor DIR
             (the quarterly reports in monitoring/<quarter>/)

A tender folder (DIR) holds:
  tender.yaml        the tender; criteria/ its own criteria, if any
  bids/              the bid forms received (.xlsx, .xlsm, .ods)
  submissions.csv    when each bid was received (file,received_at)
  scores/            the committee's filled score sheets
  monitoring/        the providers' quarterly reports, a folder per quarter (2017-Q1/)
  out/               everything tender writes (result.json, documents, letters)

Every path is relative to the current folder. Exit codes: 0 ok, 1 findings, 2 unusable input.
Try: tender demo";

/// When to colour output.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal only (and not when NO_COLOR is set).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a tender: every problem at once, with file, line and a hint.
    ///
    /// Loads tender.yaml and every criterion it uses, and lists all findings.
    /// Exit 0 valid, 1 invalid, 2 unreadable.
    #[command(after_help = "Example:\n  tender validate samples/activerend-werk")]
    Validate {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
    },
    /// Print the JSON Schema of tender.yaml (or of a criterion file).
    ///
    /// Point your editor at it for completion: the sample starts with a
    /// `# yaml-language-server: $schema=...` line.
    #[command(
        after_help = "Examples:\n  tender schema > tender.schema.json\n  tender schema criterion > criterion.schema.json"
    )]
    Schema {
        /// Which schema.
        #[arg(default_value = "tender")]
        which: SchemaKind,
        /// JSON Schema, or the Markdown field reference (docs/format.md).
        #[arg(long, default_value = "json")]
        format: SchemaFormat,
    },
    /// Create a new tender folder from the bundled sample (never overwrites).
    #[command(
        after_help = "Example:\n  tender init mijn-aanbesteding && tender validate mijn-aanbesteding"
    )]
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Write the tender document (aanbestedingsleidraad) as Markdown and as one HTML page.
    ///
    /// The HTML page is self-contained and prints to a clean A4 PDF from a browser.
    #[command(
        after_help = "Examples:\n  tender docs samples/activerend-werk\n  tender docs samples/activerend-werk --lang en -o /tmp/docs"
    )]
    Docs {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the documents (default: `out/` in the tender folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Language of the documents: nl or en (default: the tender's language).
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
        /// A folder of templates replacing the built-in ones of the same name.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Write the evaluation report (HTML, Markdown, xlsx), the sociale kaart and the OCDS
    /// export from `out/result.json`.
    #[command(
        after_help = "Examples:\n  tender report samples/activerend-werk\n  tender report samples/activerend-werk --lang en --result samples/activerend-werk/out/result.json"
    )]
    Report {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the documents (default: `out/` in the tender folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The evaluation to report on, relative to the current folder like every path
        /// (default: `out/result.json` in the tender folder).
        #[arg(long, value_name = "FILE")]
        result: Option<PathBuf>,
        /// Language of the documents: nl or en (default: the tender's language).
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
        /// A folder of templates replacing the built-in ones of the same name.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Write from a result.json of another definition of the tender (changed since
        /// `tender score`); the documents then carry a warning.
        #[arg(long)]
        force: bool,
    },
    /// Write the public sociale kaart: a small website for participants, coaches and
    /// neighbourhood teams (an index, a page per rung and per lot, the vindplaatsen), with
    /// the awarded providers of `out/result.json` and the public information of their bids.
    /// No tariffs, scores or ranks. Works offline, without a server or JavaScript.
    #[command(
        after_help = "Examples:\n  tender kaart samples/activerend-werk\n  tender kaart samples/activerend-werk --lang en -o /tmp/kaart"
    )]
    Kaart {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the site (default: `out/` in the tender folder; the site goes in
        /// a `kaart/` folder there).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The evaluation whose awarded providers are shown, relative to the current folder
        /// (default: `out/result.json` in the tender folder).
        #[arg(long, value_name = "FILE")]
        result: Option<PathBuf>,
        /// Language of the site: nl or en (default: the tender's language).
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
        /// A folder of templates replacing the built-in ones of the same name
        /// (`kaart-site.html`, `kaart-site.css`).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Write from a result.json of another definition of the tender, with a warning.
        #[arg(long)]
        force: bool,
    },
    /// Read the providers' quarterly reports in `monitoring/<quarter>/`, check each, and
    /// write the monitoring report (per quarter and cumulative: HTML, Markdown, xlsx) and
    /// `monitoring.json`. Exit 1 when a report is refused.
    #[command(
        after_help = "Examples:\n  tender monitor samples/activerend-werk\n  tender monitor samples/activerend-werk --lang en -o /tmp/monitoring"
    )]
    Monitor {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the report (default: `out/monitoring/` in the tender folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The evaluation that awarded the lots (default: `out/result.json` in the tender
        /// folder): who was awarded, and the days each promised from referral to start.
        #[arg(long, value_name = "FILE", conflicts_with = "register")]
        result: Option<PathBuf>,
        /// An open house: the register of admitted providers that `tender admit` wrote
        /// (default: `out/register/` in the tender folder).
        #[arg(long, value_name = "DIR")]
        register: Option<PathBuf>,
        /// Language of the documents: nl or en (default: the tender's language).
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
    },
    /// Write the quarterly report form (.xlsx) for each awarded provider and lot (in an open
    /// house: each provider admitted to a lot during a quarter reported on).
    #[command(
        name = "monitor-form",
        after_help = "Examples:\n  tender monitor-form samples/activerend-werk -o /tmp/forms\n  tender monitor-form samples/activerend-werk-open-house --register /tmp/oh/register"
    )]
    MonitorForm {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the forms (default: `out/rapportageformulieren/` in the tender folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The evaluation that awarded the lots (default: `out/result.json` in the tender folder).
        #[arg(long, value_name = "FILE", conflicts_with = "register")]
        result: Option<PathBuf>,
        /// An open house: the register of admitted providers that `tender admit` wrote
        /// (default: `out/register/` in the tender folder).
        #[arg(long, value_name = "DIR")]
        register: Option<PathBuf>,
    },
    /// Write the award decision letters, one per bidder per lot, from `out/result.json`.
    #[command(
        after_help = "Examples:\n  tender letters samples/activerend-werk\n  tender letters samples/activerend-werk -o /tmp/brieven"
    )]
    Letters {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the letters (default: `out/` in the tender folder; the letters go
        /// in a `brieven/` or `letters/` folder there).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The evaluation to write letters from, relative to the current folder like every
        /// path (default: `out/result.json` in the tender folder).
        #[arg(long, value_name = "FILE")]
        result: Option<PathBuf>,
        /// Language of the letters: nl or en (default: the tender's language).
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
        /// A folder of templates replacing the built-in ones of the same name.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Write from a result.json of another definition of the tender (changed since
        /// `tender score`); the documents then carry a warning.
        #[arg(long)]
        force: bool,
    },
    /// Write the bid form (.xlsx) of a tender: instructions, provider details, a sheet per
    /// lot, a live check and the tender definition in a hidden sheet.
    #[command(
        after_help = "Examples:\n  tender form samples/activerend-werk -o out/form.xlsx\n  tender form samples/activerend-werk --lang en"
    )]
    Form {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the form [default: <tender folder>/out/inschrijfformulier-<id>.xlsx,
        /// or bid-form-<id>.xlsx in English].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Language of the form: nl or en (default: the tender's language). The form
        /// records it; `tender check` and `tender score` read it in that language.
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
    },
    /// Decide a round of an open house: admit every application received before the
    /// round's day that meets the requirements, refuse the others with every reason.
    ///
    /// Reads `applications/` and `submissions.csv` of the tender folder (and `mutaties.csv`,
    /// later decisions on admitted providers); writes the round's record into the register
    /// (`register/round-<day>.json`, linked by SHA-256 to the round before), the register as
    /// it stands, a letter per applicant and the admitted providers for the sociale kaart.
    /// Refuses a broken register and a round decided before (unless --replace). Exit 0
    /// decided, 2 unusable input or usage.
    #[command(after_help = "Examples:
  tender admit samples/activerend-werk-open-house --round 2016-11-15
  tender admit samples/activerend-werk-open-house            (the next round of tender.admission.rounds)
  tender admit samples/activerend-werk-open-house --round 2016-11-15 --replace")]
    Admit {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// The round's day (YYYY-MM-DD): it decides the applications received before it
        /// [default: the next round of tender.admission.rounds].
        #[arg(long, value_name = "DATE")]
        round: Option<chrono::NaiveDate>,
        /// Decide the last round again, replacing its record and letters.
        #[arg(long)]
        replace: bool,
        /// Output folder [default: <tender folder>/out].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Language of the letters and the register [default: the tender's].
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
    },
    /// Check filled bid forms: would the bid be excluded, and what to do about it.
    ///
    /// Works with the form alone (it carries the tender definition). Exit 0 no errors,
    /// 1 errors found, 2 a file is unusable.
    #[command(
        after_help = "Examples:\n  tender check mijn-inschrijving.xlsx\n  tender check --tender samples/activerend-werk samples/activerend-werk/bids/*.xlsx\n  tender check bid.xlsx --format html > controle.html"
    )]
    Check {
        /// The filled bid forms (.xlsx, .xlsm or .ods).
        #[arg(required = true)]
        bids: Vec<PathBuf>,
        /// The tender the bids must belong to (officers); refuses forms of another tender
        /// or an outdated version.
        #[arg(long, value_name = "PATH")]
        tender: Option<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "text")]
        format: CheckFormat,
    },
    /// Write the committee's score sheets: one per evaluator and one for the chair's consensus.
    ///
    /// Reads the bids in <PATH>/bids; each sheet lists the admitted bids per lot (by code
    /// when the evaluation is blind) with a score dropdown and a justification cell per
    /// qualitative criterion. Put the filled sheets in <PATH>/scores for `tender score`.
    /// Exit 0 written, 1 some bid could not be read, 2 unusable input.
    #[command(
        after_help = "Examples:\n  tender sheets samples/activerend-werk\n  tender sheets samples/activerend-werk -o samples/activerend-werk/scores --sample-scores"
    )]
    Sheets {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the sheets [default: <tender folder>/out/sheets].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Fill in the documented sample scores (for demonstrations and tests).
        #[arg(long)]
        sample_scores: bool,
    },
    /// Score, rank and award every lot; write out/result.json and print a ranking per lot.
    ///
    /// Reads the tender, every bid in <PATH>/bids and every score sheet in <PATH>/scores.
    /// Exit 0 scored, 1 findings that block an award (missing scores, invalid sheets),
    /// 2 unusable input.
    #[command(
        after_help = "Examples:\n  tender score samples/activerend-werk\n  tender score samples/activerend-werk -o out --format json"
    )]
    Score {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// The folder for result.json [default: <tender folder>/out].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// What to print: the ranking tables, or result.json itself.
        #[arg(long, default_value = "text")]
        format: ScoreFormat,
        /// Language of the report and letters [default: the tender's].
        #[arg(long)]
        lang: Option<tender::model::Lang>,
        /// A folder of templates that replace built-in ones of the same name.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Replace an earlier evaluation's output (result.json is part of the record, so
        /// `tender score` refuses to overwrite it without this).
        #[arg(long)]
        force: bool,
    },
    /// List the criteria, requirements and scales a tender can `use:`, with their questions.
    ///
    /// Without PATH the built-in library; with a tender folder also its own `criteria/`.
    #[command(
        after_help = "Examples:\n  tender criteria --lang en\n  tender criteria samples/activerend-werk"
    )]
    Criteria {
        /// A tender folder whose own criteria/ to list too.
        path: Option<PathBuf>,
        /// Language of the titles and questions: nl or en.
        #[arg(long, value_name = "LANG", default_value = "nl")]
        lang: tender::model::Lang,
    },
    /// Try the award method of each lot before publishing it.
    ///
    /// On hypothetical bids built from the tender and scored by the scoring code: what one
    /// step on each criterion is worth in euros, whether the price formula allows rank
    /// reversal (with an example), the extremes of the price points, thresholds no bid or
    /// every bid meets, and a verdict per lot. For the officer, not for bidders.
    #[command(
        after_help = "Examples:\n  tender method-check samples/activerend-werk\n  tender method-check mijn-aanbesteding --format json"
    )]
    MethodCheck {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the page (default: `out/` in the tender folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Language: nl or en (default: the tender's language).
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
        /// The page (Markdown and HTML), or JSON on stdout.
        #[arg(long, default_value = "text")]
        format: MethodFormat,
    },
    /// Write the nota van inlichtingen from the questions and their answers.
    ///
    /// Reads `vragen.csv` (received_at, from, section, question; optionally nr) and
    /// `antwoorden.yaml` in the tender folder; writes the nota, anonymised and by section,
    /// as Markdown and HTML. Exit 1 when a question has no answer or an answer announces a
    /// change tender.yaml does not carry.
    #[command(
        after_help = "Examples:\n  tender nvi samples/activerend-werk\n  tender nvi mijn-aanbesteding --lang en -o /tmp/nota"
    )]
    Nvi {
        /// The tender folder, or its tender.yaml.
        path: PathBuf,
        /// Where to write the nota (default: `out/` in the tender folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Language of the nota: nl or en (default: the tender's language).
        #[arg(long, value_name = "LANG")]
        lang: Option<tender::model::Lang>,
        /// A folder of templates replacing the built-in ones of the same name.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// List every material change between two versions of a tender, in plain words.
    ///
    /// Compares the definitions as bid forms carry them: tender.yaml and every criterion,
    /// requirement and scale it uses. For the nota van inlichtingen and the record.
    #[command(
        after_help = "Examples:\n  tender diff versie-1/tender.yaml versie-2/tender.yaml\n  tender diff oud nieuw --lang en --format json"
    )]
    Diff {
        /// The old version: a tender folder or its tender.yaml.
        old: PathBuf,
        /// The new version: a tender folder or its tender.yaml.
        new: PathBuf,
        /// Language of the description: nl or en.
        #[arg(long, value_name = "LANG", default_value = "nl")]
        lang: tender::model::Lang,
        /// Plain words, or JSON (path, old and new value, and the words).
        #[arg(long, default_value = "text")]
        format: DiffFormat,
    },
    /// Run the whole pipeline on the bundled sample and show where each output is.
    ///
    /// The sample is built into the binary, so this works from any folder.
    #[command(after_help = "Example:\n  tender demo -o out/demo")]
    Demo {
        /// Where to write the outputs.
        #[arg(short, long, default_value = "out/demo")]
        output: PathBuf,
    },
}

/// What `tender method-check` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodFormat {
    /// The page, as Markdown and HTML in the output folder.
    Text,
    /// JSON on stdout.
    Json,
}

/// How `tender diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// One line per change, in words.
    Text,
    /// The changes as JSON.
    Json,
}

/// How `tender schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaFormat {
    /// JSON Schema.
    Json,
    /// A Markdown reference of every field (both files).
    Markdown,
}

/// Output formats of `tender check`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CheckFormat {
    /// A readable table (coloured on a terminal).
    Text,
    /// `{ "ok": bool, "findings": [...] }` per bid.
    Json,
    /// An HTML page to keep with the submission.
    Html,
}

/// Output formats of `tender score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    /// The ranking table per lot.
    Text,
    /// result.json.
    Json,
}

/// The schemas `tender schema` prints.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SchemaKind {
    /// tender.yaml.
    Tender,
    /// A file in criteria/.
    Criterion,
    /// antwoorden.yaml: the answers of a nota van inlichtingen.
    Answers,
}
