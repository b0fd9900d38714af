//! The tera templates: built in from the repository's `templates/` folder, and overridable
//! from a folder of the user's (`--templates DIR`), as zola and mdBook themes do.
//!
//! Two engines: HTML templates (`*.html`, with `*.css` to include) escape every value for
//! HTML; Markdown templates (`*.md`) escape every value for Markdown. Only values the
//! renderer has made safe itself (rendered Markdown, SVG charts) are marked `| safe`.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::Serialize;
use tera::{Context, Tera};

use super::markdown;
use crate::diagnostic::Error;

/// The built-in templates.
pub static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The loaded templates.
#[derive(Clone)]
pub struct Templates {
    html: Tera,
    md: Tera,
    /// Where overrides came from, for error messages.
    origin: Option<PathBuf>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

enum Kind {
    Html,
    Md,
}

fn kind_of(name: &str) -> Option<Kind> {
    if name.ends_with(".html") || name.ends_with(".css") || name.ends_with(".svg") {
        Some(Kind::Html)
    } else if name.ends_with(".md") {
        Some(Kind::Md)
    } else {
        None
    }
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Self {
        // The built-in templates are tested; failing here is a bug in the binary.
        Self::load(None).unwrap_or_else(|e| panic!("built-in templates are broken: {e}"))
    }

    /// The built-in templates with the files in `dir` (if any) replacing or adding to them.
    pub fn load(dir: Option<&Path>) -> Result<Self, Error> {
        let mut html_files: Vec<(String, String)> = Vec::new();
        let mut md_files: Vec<(String, String)> = Vec::new();
        let mut builtin: Vec<_> = BUILTIN.files().collect();
        builtin.sort_by_key(|f| f.path());
        let mut add = |name: String, text: String| match kind_of(&name) {
            Some(Kind::Html) => {
                html_files.retain(|(n, _)| *n != name);
                html_files.push((name, text));
            }
            Some(Kind::Md) => {
                md_files.retain(|(n, _)| *n != name);
                md_files.push((name, text));
            }
            None => {}
        };
        for f in builtin {
            let name = f.path().to_string_lossy().replace('\\', "/");
            add(name, f.contents_utf8().unwrap_or_default().to_string());
        }
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::unusable(
                    dir,
                    "is not a folder of templates; give the folder that holds your *.html and *.md templates",
                ));
            }
            let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|e| Error::read(dir, &e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() || crate::load::file::is_special(p))
                .collect();
            paths.sort();
            for p in paths {
                let Some(name) = p.file_name().map(|n| n.to_string_lossy().to_string()) else {
                    continue;
                };
                if kind_of(&name).is_none() {
                    continue;
                }
                let bytes = crate::load::file::read_text_file(&p)?;
                let text = String::from_utf8(bytes).map_err(|_| {
                    Error::unusable(&p, "not UTF-8 text: save the template as UTF-8")
                })?;
                add(name, text);
            }
        }
        let origin = dir.map(Path::to_path_buf);
        let mut html = Tera::new();
        html.autoescape_on([".html", ".svg"]);
        html.register_function("page_footer", super::paper::tera_page_footer);
        html.add_raw_templates(html_files)
            .map_err(|e| template_error(origin.as_deref(), &e))?;
        let mut md = Tera::new();
        md.autoescape_on([".md"]);
        md.set_escape_fn(markdown::escape_to);
        md.add_raw_templates(md_files)
            .map_err(|e| template_error(origin.as_deref(), &e))?;
        Ok(Templates { html, md, origin })
    }

    /// Renders an HTML template (e.g. `tender.html`) with a context.
    pub fn html(&self, name: &str, ctx: &impl Serialize) -> Result<String, Error> {
        self.render(&self.html, name, ctx)
    }

    /// Renders a Markdown template (e.g. `tender.md`) with a context.
    pub fn md(&self, name: &str, ctx: &impl Serialize) -> Result<String, Error> {
        self.render(&self.md, name, ctx)
    }

    /// Renders an HTML template straight into a writer (a document on its way to disk).
    pub fn html_to(
        &self,
        name: &str,
        ctx: &impl Serialize,
        w: &mut dyn std::io::Write,
    ) -> Result<(), Error> {
        self.render_to(&self.html, name, ctx, w)
    }

    /// Renders a Markdown template straight into a writer.
    pub fn md_to(
        &self,
        name: &str,
        ctx: &impl Serialize,
        w: &mut dyn std::io::Write,
    ) -> Result<(), Error> {
        self.render_to(&self.md, name, ctx, w)
    }

    fn render_to(
        &self,
        tera: &Tera,
        name: &str,
        ctx: &impl Serialize,
        w: &mut dyn std::io::Write,
    ) -> Result<(), Error> {
        self.render_ctx_to(tera, name, &self.context(ctx)?, w)
    }

    /// A view made ready for the templates once, for documents rendered from the same
    /// view in both kinds (the report's Markdown and HTML).
    pub fn context(&self, ctx: &impl Serialize) -> Result<Context, Error> {
        Context::from_serialize(ctx).map_err(|e| template_error(self.origin.as_deref(), &e))
    }

    /// Renders an HTML template from a ready context into a writer.
    pub fn html_ctx_to(
        &self,
        name: &str,
        ctx: &Context,
        w: &mut dyn std::io::Write,
    ) -> Result<(), Error> {
        self.render_ctx_to(&self.html, name, ctx, w)
    }

    /// Renders a Markdown template from a ready context into a writer.
    pub fn md_ctx_to(
        &self,
        name: &str,
        ctx: &Context,
        w: &mut dyn std::io::Write,
    ) -> Result<(), Error> {
        self.render_ctx_to(&self.md, name, ctx, w)
    }

    fn render_ctx_to(
        &self,
        tera: &Tera,
        name: &str,
        ctx: &Context,
        w: &mut dyn std::io::Write,
    ) -> Result<(), Error> {
        let mut bounded = Bounded {
            inner: w,
            left: OUTPUT_BYTES,
        };
        match tera.render_to(name, ctx, &mut bounded) {
            Ok(()) => Ok(()),
            Err(_) if bounded.left == 0 => Err(self.too_large(name)),
            Err(e) => Err(template_error(self.origin.as_deref(), &e)),
        }
    }

    fn render(&self, tera: &Tera, name: &str, ctx: &impl Serialize) -> Result<String, Error> {
        let context = self.context(ctx)?;
        let mut bytes = Vec::new();
        self.render_ctx_to(tera, name, &context, &mut bytes)?;
        String::from_utf8(bytes).map_err(|_| {
            Error::unusable(
                self.origin
                    .as_deref()
                    .unwrap_or(Path::new("templates (built in)")),
                format!("template {name} wrote text that is not UTF-8"),
            )
        })
    }

    /// The error when a template writes more than [`OUTPUT_BYTES`].
    fn too_large(&self, name: &str) -> Error {
        Error::unusable(
            self.origin
                .as_deref()
                .unwrap_or(Path::new("templates (built in)")),
            format!(
                "template {name} writes more than {OUTPUT_BYTES} bytes (256 MB), the limit for one document; a loop that does not end? fix the template, or remove it to use the built-in one"
            ),
        )
    }
}

/// The most one rendering of a template may write: 256 MB. The largest built-in document
/// (the report of 10,000 bids, written a bid at a time) stays far below it; a template
/// override that loops without end is stopped here instead of filling the disk.
pub const OUTPUT_BYTES: u64 = 256 * 1024 * 1024;

/// A writer that refuses to write past a number of bytes.
struct Bounded<'a> {
    inner: &'a mut dyn std::io::Write,
    left: u64,
}

impl std::io::Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() as u64 > self.left {
            self.left = 0;
            return Err(std::io::Error::other("the template's output is too large"));
        }
        let n = self.inner.write(buf)?;
        self.left -= n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A template error with its causes, naming the override folder when there is one.
fn template_error(origin: Option<&Path>, err: &tera::Error) -> Error {
    let mut reason = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        reason.push_str(": ");
        reason.push_str(&s.to_string());
        source = s.source();
    }
    let path = origin.unwrap_or(Path::new("templates (built in)"));
    Error::unusable(
        path,
        format!(
            "template error: {}\nhint: fix the template, or remove it to use the built-in one",
            reason.trim_start_matches("error: ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Ctx {
        name: &'static str,
    }

    #[test]
    fn overrides_replace_builtins_and_escape() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("probe.html"), "<p>{{ name }}</p>").unwrap();
        std::fs::write(dir.path().join("probe.md"), "* {{ name }}").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let ctx = Ctx {
            name: "<b>[x](javascript:1)</b>",
        };
        assert_eq!(
            t.html("probe.html", &ctx).unwrap(),
            "<p>&lt;b&gt;[x](javascript:1)&lt;/b&gt;</p>"
        );
        assert_eq!(
            t.md("probe.md", &ctx).unwrap(),
            "* \\<b\\>\\[x\\](javascript:1)\\</b\\>"
        );
    }

    #[test]
    fn a_template_writing_without_end_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let chunk = "x".repeat(4096);
        std::fs::write(
            dir.path().join("probe.md"),
            // tera holds one range to 100,000 elements; two nested make 400 GB.
            format!(
                "{{% for i in range(end=100000) %}}{{% for j in range(end=1000) %}}{chunk}{{% endfor %}}{{% endfor %}}"
            ),
        )
        .unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let mut sink = std::io::sink();
        let err = t
            .md_to("probe.md", &Ctx { name: "" }, &mut sink)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: template probe.md writes more than 268435456 bytes (256 MB), the limit for one document; a loop that does not end? fix the template, or remove it to use the built-in one",
                dir.path().display()
            )
        );
    }

    #[test]
    fn broken_override_is_an_error_naming_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("probe.html"), "{% if %}").unwrap();
        let err = Templates::load(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
        assert!(err.contains("template error"), "{err}");
    }
}
