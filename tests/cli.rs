//! `casescope decode` as a user runs it: formats, time zones, bad input.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn run(args: &[&str], tz: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casescope"))
        .args(args)
        .env("TZ", tz)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run casescope")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn decodes_a_saved_folder_as_text() {
    let o = run(&["decode", "tests/fixtures/i485-pending"], "UTC");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Receipt: IOE0912345678\n"), "{out}");
    assert!(out.contains("Status: Case Is Being Actively Reviewed By USCIS"));
    assert!(out.contains("Stage: Under review (from current USCIS status"));
    assert!(out.contains("Every field, explained:"));
    assert!(stderr(&o).is_empty());
}

#[test]
fn date_only_values_are_the_same_in_every_time_zone() {
    let mut filed = Vec::new();
    for tz in ["UTC", "America/Los_Angeles", "Asia/Kolkata"] {
        let out = stdout(&run(&["decode", "tests/fixtures/i485-pending"], tz));
        let line = |prefix: &str| out.lines().find(|l| l.starts_with(prefix)).unwrap_or_default().to_string();
        assert!(line("Filed: ").starts_with("Filed: Oct 21, 2025 ("), "{tz}: {}", line("Filed: "));
        let iaf = out.lines().find(|l| l.contains("Event IAF")).unwrap().to_string();
        assert!(iaf.starts_with("- Oct 21, 2025 ("), "{tz}: {iaf}");
        filed.push(line("- Filed on: ").split(" (").next().unwrap().to_string());
    }
    assert!(filed.windows(2).all(|w| w[0] == w[1]), "{filed:?}");
    // Instants do move: the LEE event at 21:40 UTC is the next morning in Kolkata.
    let utc = stdout(&run(&["decode", "tests/fixtures/i765-card-mailed"], "UTC"));
    let ist = stdout(&run(&["decode", "tests/fixtures/i765-card-mailed"], "Asia/Kolkata"));
    assert!(utc.contains("- Jun 1, 2026, 9:40 PM"));
    assert!(ist.contains("- Jun 2, 2026, 3:10 AM"));
}

#[test]
fn json_and_markdown_formats() {
    let o = run(&["decode", "--format", "json", "tests/fixtures/i765-card-mailed"], "UTC");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["glance"]["stage"], "card_production");
    assert_eq!(v["timeline"][0]["source"]["endpoint"], "case");
    let o = run(&["decode", "--format=markdown", "tests/fixtures/real/cases-i485-published.json"], "UTC");
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("# Case IOE0900000001\n"));
}

#[test]
fn bad_input_gets_one_line_and_exit_2_but_the_rest_still_decodes() {
    let dir = std::env::temp_dir().join(format!("casescope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("broken.json");
    std::fs::write(&bad, "{\"data\": {\"receiptNumber\": ").unwrap();
    let o = run(&["decode", bad.to_str().unwrap(), "tests/fixtures/real/cases-i485-published.json"], "UTC");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("broken.json: not JSON"), "{err}");
    assert!(stdout(&o).contains("Receipt: IOE0900000001"), "partial input still decodes");

    let o = run(&["decode", "no/such/file.json"], "UTC");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file or folder"));
    assert!(stdout(&o).is_empty());

    let shape = dir.join("numbers.json");
    std::fs::write(&shape, "[1, 2, 3]").unwrap();
    let o = run(&["decode", shape.to_str().unwrap()], "UTC");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a my.uscis.gov case answer"));

    let o = run(&["decode", "--format", "pdf", "tests/fixtures/i485-pending"], "UTC");
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["frobnicate"], "UTC");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("usage: casescope decode"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn spanish_on_request_and_a_clear_message_for_a_language_it_does_not_have() {
    let o = run(&["decode", "--lang", "es", "tests/fixtures/i485-pending"], "UTC");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Recibo: IOE0912345678\n"), "{out}");
    assert!(out.contains("Presentado: 21 de octubre de 2025 (hace "), "{out}");
    // USCIS's own Spanish status, where it sent one.
    assert!(out.contains("Estado: El Caso Est\u{e1} Siendo Revisado Activamente Por USCIS"), "{out}");
    assert!(out.contains("Todos los campos, explicados:"), "{out}");
    let md = stdout(&run(&["decode", "--lang=es", "--format", "markdown", "tests/fixtures/i485-pending"], "UTC"));
    assert!(md.starts_with("# Caso IOE0912345678\n"), "{md}");
    // JSON is data: the same whatever the language.
    let json = |lang: &str| {
        stdout(&run(&["decode", "--lang", lang, "--format", "json", "tests/fixtures/i485-pending"], "UTC"))
    };
    assert_eq!(json("es"), json("en"));
    // Bad input in Spanish, too.
    let o = run(&["decode", "--lang", "es", "no/such/file.json"], "UTC");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/file.json: no existe ese archivo ni esa carpeta"), "{}", stderr(&o));
    let o = run(&["decode", "--lang", "fr", "tests/fixtures/i485-pending"], "UTC");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--lang takes en, es or zh"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

#[test]
fn chinese_decodes_every_fixture_with_the_codes_and_uscis_words_as_sent() {
    for dir in ["i485-pending", "i765-card-mailed", "i131-evidence-requested", "i130-recorded-later", "n400-personal"] {
        let path = format!("tests/fixtures/{dir}");
        let (zh, en) = (run(&["decode", "--lang", "zh", &path], "UTC"), run(&["decode", &path], "UTC"));
        assert!(zh.status.success(), "{dir}: {}", stderr(&zh));
        let (zh, en) = (stdout(&zh), stdout(&en));
        assert!(zh.starts_with("\u{6536}\u{636e}\u{53f7}: IOE"), "{dir}: {zh}");
        assert!(zh.contains("\u{65f6}\u{95f4}\u{7ebf}"), "{dir}: the timeline, in Chinese: {zh}");
        // USCIS's status title and every event code as sent, the same as in English.
        let status = en.lines().find_map(|l| l.strip_prefix("Status: ")).expect("a status");
        assert!(zh.contains(status), "{dir}: {status}");
        let codes: Vec<&str> = en.lines().filter_map(|l| l.split("): Event ").nth(1)?.split(' ').next()).collect();
        assert!(!codes.is_empty(), "{dir}: events in the timeline");
        for code in codes {
            assert!(zh.contains(&format!("\u{4e8b}\u{4ef6} {code}")), "{dir}: event {code}");
        }
        // Dates the Chinese way.
        assert!(zh.contains("\u{5e74}") && zh.contains("\u{5929}\u{524d}"), "{dir}: {zh}");
    }
}

#[test]
fn mask_leaves_no_personal_detail_in_any_format_and_says_it_is_masked() {
    for case in ["i485-pending", "i765-card-mailed", "i131-evidence-requested", "i130-recorded-later", "n400-personal"]
    {
        let dir = format!("tests/fixtures/{case}");
        // What must not be seen: the personal strings planted in the case.
        let cases: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}/cases.json")).unwrap()).unwrap();
        let receipt = cases["data"]["receiptNumber"].as_str().unwrap().to_string();
        let listed = std::fs::read_to_string(format!("{dir}/personal.txt")).unwrap();
        let secrets: Vec<&str> =
            listed.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        for format in ["text", "markdown", "json"] {
            let o = run(&["decode", "--mask", "--format", format, &dir], "UTC");
            assert!(o.status.success(), "{}", stderr(&o));
            let out = stdout(&o);
            for s in &secrets {
                assert!(!out.contains(s), "{case} {format}: {s:?} is in the masked output");
            }
            let top = out.lines().take(2).collect::<Vec<_>>().join(" ");
            assert!(top.contains("Masked") || top.contains("\"masked\": true"), "{case} {format}: {top}");
            assert!(out.contains(&format!("{}\u{2022}", &receipt[..3])), "the receipt's prefix stays");
            // ... and so does what it says about the office.
            assert!(out.contains("USCIS Electronic Immigration System"), "{case} {format}: no office in {out}");
        }
        // Without --mask, the same output has them.
        assert!(stdout(&run(&["decode", &dir], "UTC")).contains(&receipt));
    }
}

#[test]
fn answers_for_two_receipts_are_never_merged_silently() {
    // An I-765's case answer and an I-485's status answer saved side by side.
    let dir = std::env::temp_dir().join(format!("casescope-mixed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("tests/fixtures/i765-card-mailed/cases.json", dir.join("cases.json")).unwrap();
    std::fs::copy("tests/fixtures/i485-pending/case_status.json", dir.join("case_status.json")).unwrap();
    let o = run(&["decode", dir.to_str().unwrap()], "UTC");
    let _ = std::fs::remove_dir_all(&dir);
    let out = stdout(&o);
    assert!(out.starts_with("Receipt: IOE0887654321\n"), "{out}");
    assert!(!out.contains("Case Is Being Actively Reviewed"), "the I-485's status is not read into the I-765");
    let said = "The status answer is for another receipt number, IOE0912345678";
    assert!(stderr(&o).contains(said), "{}", stderr(&o));
    assert!(out.contains(said));
}

/// A case folder whose one notice is an appointment `days` from now (the
/// CLI reads the real clock), from the I-485 fixture's `/cases` answer.
fn case_with_appointment(name: &str, days: i64) -> std::path::PathBuf {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let at = now - now % 3600 + days * 86_400;
    let (y, m, d) = casescope::dates::civil_from_days(at.div_euclid(86_400));
    let hour = at.rem_euclid(86_400) / 3600;
    let stamp = format!("{y:04}-{m:02}-{d:02}T{hour:02}:00:00.000Z");
    let body = std::fs::read_to_string("tests/fixtures/i485-pending/cases.json").unwrap();
    assert!(body.contains("\"appointmentDateTime\": \"2025-11-07T13:00:00.000Z\""), "the fixture's appointment");
    let body = body.replace(
        "\"appointmentDateTime\": \"2025-11-07T13:00:00.000Z\"",
        &format!("\"appointmentDateTime\": \"{stamp}\""),
    );
    let dir = std::env::temp_dir().join(format!("casescope-calendar-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cases.json"), body).unwrap();
    dir
}

#[test]
fn calendar_prints_one_icalendar_file_of_every_upcoming_appointment() {
    let soon = case_with_appointment("soon", 12);
    let o = run(&["calendar", soon.to_str().unwrap(), "tests/fixtures/i130-recorded-later"], "America/New_York");
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.starts_with("BEGIN:VCALENDAR\r\n") && out.ends_with("END:VCALENDAR\r\n"), "{out}");
    assert_eq!(out.matches("BEGIN:VEVENT").count(), 1, "only the appointment still ahead: {out}");
    assert!(out.contains("UID:IOE0912345678-411592235@casescope"), "{out}");
    assert!(out.contains("SUMMARY:USCIS appointment: I-485\r\n"), "{out}");
    assert!(out.contains("TRIGGER:-P1D"), "{out}");
    // The fixture's own appointment has passed: said, not invented.
    assert!(stderr(&o).contains("no upcoming appointment in tests/fixtures/i130-recorded-later"), "{}", stderr(&o));

    let masked = run(&["calendar", "--mask", "--lang", "es", soon.to_str().unwrap()], "UTC");
    let out = stdout(&masked);
    assert!(masked.status.success(), "{}", stderr(&masked));
    assert!(out.contains("SUMMARY:Cita de USCIS: I-485\r\n"), "{out}");
    assert!(!out.contains("0912345678") && !out.contains("411592235"), "masked: no receipt, no letter id: {out}");

    let missing = run(&["calendar", "tests/fixtures/no-such-case"], "UTC");
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no-such-case"), "{}", stderr(&missing));
    std::fs::remove_dir_all(soon).unwrap();
}
