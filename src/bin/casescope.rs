//! `casescope decode [--format text|json|markdown] [--lang en|es|zh] [--mask] <file-or-directory>...`
//! `casescope shape <file-or-directory>...`
//! `casescope calendar [--lang en|es|zh] [--mask] <file-or-directory>...`
//!
//! Decodes saved my.uscis.gov answers (a folder holding `cases.json`,
//! `case_status.json`, `receipt_info.json`, `documents.json`, single files with
//! or without the `{"data": ...}` envelope, or CaseScope's "copy all" object)
//! and prints the report. Dates are shown in the time zone of `TZ` or the
//! system's. Bad input gets one line on stderr each and exit code 2; whatever
//! could be read is still decoded. An answer for another receipt than the
//! case's is said (on stderr too) and not read into it.
//!
//! `shape` prints each answer's skeleton as the in-browser report for
//! CaseScope's maintainers does (`casescope::troubleshoot::shape`): keys and
//! JSON types, arrays by their length and first element, no value but the
//! public tables' codes. It is safe to paste into an issue.
//!
//! `calendar` prints one iCalendar file (`casescope::calendar`) with the
//! upcoming appointments of every case given (each path is one case).
//! `--mask` leaves out receipts and ids.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use casescope::dates::Zone;
    use casescope::decode::{decode, Bodies, Ctx};
    use casescope::endpoints::Endpoint;
    use casescope::i18n::{Lang, T, W};
    use casescope::tree::Tree;
    use casescope::{export, saved};

    const USAGE: &str =
        "usage: casescope decode [--format text|json|markdown] [--lang en|es|zh] [--mask] <file-or-directory>...
       casescope shape <file-or-directory>...
       casescope calendar [--lang en|es|zh] [--mask] <file-or-directory>...

Decodes answers saved from my.uscis.gov (cases.json, case_status.json,
receipt_info.json, documents.json, or one folder holding them) and prints
what they say in plain words, in English, Spanish (--lang es) or Chinese (--lang zh). --mask
replaces names, receipt numbers and other personal details by dots, for
sharing. Dates use the time zone in TZ. shape prints each answer's keys and
JSON types only, with nothing personal, for a report to CaseScope's
maintainers. calendar prints an iCalendar file (.ics) with the upcoming
appointments of each case given (one folder or file per case).";

    /// The user's time zone from `TZ` or the system.
    struct SystemZone(jiff::tz::TimeZone);

    impl Zone for SystemZone {
        fn offset_minutes(&self, utc_ms: i64) -> i32 {
            jiff::Timestamp::from_millisecond(utc_ms).map(|t| self.0.to_offset(t).seconds() / 60).unwrap_or(0)
        }
    }

    enum Format {
        Text,
        Json,
        Markdown,
    }

    fn fail(msg: &str) -> ExitCode {
        eprintln!("casescope: {msg}");
        ExitCode::from(2)
    }

    fn parse_format(value: Option<&str>) -> Result<Format, String> {
        match value {
            Some("text") => Ok(Format::Text),
            Some("json") => Ok(Format::Json),
            Some("markdown" | "md") => Ok(Format::Markdown),
            other => Err(format!("--format takes text, json or markdown, not {:?}", other.unwrap_or(""))),
        }
    }

    /// The files a path stands for: a folder's endpoint files, or the file itself.
    fn files_of(p: &str, w: W) -> Result<Vec<PathBuf>, String> {
        let path = Path::new(p);
        if !path.exists() {
            return Err(w.f(T::CliNoPath, &[p]));
        }
        if !path.is_dir() {
            return Ok(vec![path.to_path_buf()]);
        }
        let files: Vec<_> =
            Endpoint::ALL.iter().map(|e| path.join(format!("{}.json", e.key()))).filter(|f| f.is_file()).collect();
        if files.is_empty() {
            return Err(w.f(T::CliNoFiles, &[p]));
        }
        Ok(files)
    }

    /// Every file the paths stand for, read: (name, text) in order, and
    /// whether any could not be (said on stderr, one line each).
    fn read_files(paths: &[String], w: W) -> (Vec<(String, String)>, bool) {
        let mut bad = false;
        let mut read = Vec::new();
        for p in paths {
            let files = match files_of(p, w) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("casescope: {e}");
                    bad = true;
                    continue;
                }
            };
            for f in files {
                let name = f.display().to_string();
                match std::fs::read_to_string(&f) {
                    Ok(text) => read.push((name, text)),
                    Err(e) => {
                        eprintln!("casescope: {}", w.f(T::CliCannotRead, &[&name, &e.to_string()]));
                        bad = true;
                    }
                }
            }
        }
        (read, bad)
    }

    /// `casescope shape`: each file's answer as its skeleton, under the
    /// same heading the maintainers' report gives it.
    fn shape(paths: &[String]) -> ExitCode {
        let w = W(Lang::En);
        if paths.is_empty() || paths.iter().any(|p| p.starts_with("--")) {
            return fail(USAGE);
        }
        let (read, bad) = read_files(paths, w);
        let mut out = Vec::new();
        for (name, text) in &read {
            let tree = Tree::parse(text).ok();
            let e = saved::endpoint_from_name(name)
                .or_else(|| tree.as_ref().and_then(|t| saved::endpoint_from_shape(t.root())));
            let what = e.map_or_else(|| "an answer".to_string(), |e| e.key().to_string());
            out.push(format!("shape of {what}:\n{}", casescope::troubleshoot::shape(text)));
        }
        if !out.is_empty() {
            println!("{}", out.join("\n\n"));
        }
        if bad || out.is_empty() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        }
    }

    /// `casescope calendar`: every given case's upcoming appointments, in
    /// one iCalendar file on stdout; a case with none is said on stderr.
    fn calendar(args: &[String]) -> ExitCode {
        let mut lang = Lang::En;
        let mut mask = false;
        let mut paths = Vec::new();
        let mut rest = args.iter();
        while let Some(a) = rest.next() {
            let value = match a.as_str() {
                "--mask" => {
                    mask = true;
                    continue;
                }
                "--lang" => rest.next().map(String::as_str),
                s if s.starts_with("--lang=") => Some(&s[7..]),
                s if s.starts_with("--") => return fail(&format!("unknown option {s}\n{USAGE}")),
                _ => {
                    paths.push(a.clone());
                    continue;
                }
            };
            match value.and_then(Lang::parse) {
                Some(l) => lang = l,
                None => return fail(&format!("--lang takes en, es or zh, not {:?}", value.unwrap_or(""))),
            }
        }
        if paths.is_empty() {
            return fail(&format!("no file or folder given\n{USAGE}"));
        }
        let w = W(lang);
        let zone = SystemZone(jiff::tz::TimeZone::system());
        let now_ms = jiff::Timestamp::now().as_millisecond();
        let mut bad = false;
        let mut all = Vec::new();
        for p in &paths {
            let (read, unread) = read_files(std::slice::from_ref(p), w);
            bad |= unread;
            let mut bodies = Bodies::default();
            for (name, text) in &read {
                if let Err(e) = saved::add_file(&mut bodies, name, text) {
                    eprintln!("casescope: {}", w.saved_error(name, &e));
                    bad = true;
                }
            }
            let report = decode(&bodies, &Ctx { now_ms, zone: &zone });
            let found = casescope::calendar::upcoming(&report, None, now_ms);
            if found.is_empty() && !read.is_empty() {
                eprintln!("casescope: {}", w.f(T::CliNoAppointment, &[p]));
            }
            all.extend(found);
        }
        all.sort_by_key(|a| a.at_ms);
        print!("{}", casescope::calendar::ics(&all, w, mask, now_ms, &zone));
        if bad {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        }
    }

    pub fn main() -> ExitCode {
        // Everything after the program name.
        let args: Vec<String> = std::env::args().collect::<Vec<_>>().get(1..).unwrap_or_default().to_vec();
        match args.first().map(String::as_str) {
            Some("decode") => {}
            Some("shape") => return shape(&args[1..]),
            Some("calendar") => return calendar(&args[1..]),
            Some("-h" | "--help" | "help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Some("--version") => {
                println!("casescope {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            _ => return fail(USAGE),
        }
        let mut format = Format::Text;
        let mut lang = Lang::En;
        let mut mask = false;
        let mut paths = Vec::new();
        let mut rest = args[1..].iter();
        while let Some(a) = rest.next() {
            let (name, value) = match a.as_str() {
                "--mask" => {
                    mask = true;
                    continue;
                }
                "--format" | "--lang" => (a.as_str(), rest.next().map(String::as_str)),
                s if s.starts_with("--format=") => ("--format", Some(&s[9..])),
                s if s.starts_with("--lang=") => ("--lang", Some(&s[7..])),
                s if s.starts_with("--") => return fail(&format!("unknown option {s}\n{USAGE}")),
                _ => {
                    paths.push(a.clone());
                    continue;
                }
            };
            if name == "--lang" {
                match value.and_then(Lang::parse) {
                    Some(l) => lang = l,
                    None => return fail(&format!("--lang takes en, es or zh, not {:?}", value.unwrap_or(""))),
                }
                continue;
            }
            match parse_format(value) {
                Ok(f) => format = f,
                Err(e) => return fail(&e),
            }
        }
        if paths.is_empty() {
            return fail(&format!("no file or folder given\n{USAGE}"));
        }

        let mut bodies = Bodies::default();
        let mut found = 0;
        let w = W(lang);
        // Every file read first, so that masking treats them alike (a
        // receipt or a name masks the same way in all of them).
        let (mut read, mut bad) = read_files(&paths, w);
        if mask {
            let texts: Vec<&str> = read.iter().map(|(_, t)| t.as_str()).collect();
            let masked = casescope::mask::mask_bodies(&texts);
            for ((_, text), m) in read.iter_mut().zip(masked) {
                *text = m;
            }
        }
        for (name, text) in &read {
            match saved::add_file(&mut bodies, name, text) {
                Ok(_) => found += 1,
                Err(e) => {
                    eprintln!("casescope: {}", w.saved_error(name, &e));
                    bad = true;
                }
            }
        }
        if found > 0 {
            let zone = SystemZone(jiff::tz::TimeZone::system());
            let now_ms = jiff::Timestamp::now().as_millisecond();
            let report = decode(&bodies, &Ctx { now_ms, zone: &zone });
            // Answers of another case are not read into this one: said here too.
            for p in report.problems.iter().filter(|p| matches!(p, casescope::decode::Problem::OtherReceipt { .. })) {
                eprintln!("casescope: {}", w.problem(p));
            }
            // The answers as trees, for every value of each timeline entry.
            let answers: Vec<(Endpoint, Tree)> =
                Endpoint::ALL.into_iter().filter_map(|e| Some((e, bodies.get(e)?.clone()))).collect();
            let out = match format {
                Format::Text => export::full_text(&report, lang, &answers),
                Format::Json => export::json(&report),
                Format::Markdown => export::markdown(&report, lang),
            };
            // Masked output says so at its top.
            let out = match (mask, format) {
                (false, _) => out,
                (true, Format::Json) => export::json_marked_masked(&out),
                (true, Format::Markdown) => format!("> {}\n\n{out}", w.t(T::MaskedNote)),
                (true, Format::Text) => format!("{}\n\n{out}", w.t(T::MaskedNote)),
            };
            println!("{}", out.trim_end());
        }
        if bad || found == 0 {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        }
    }
}
