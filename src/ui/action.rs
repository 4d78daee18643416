//! What a click can ask for: one typed [`Action`] (and the viewer's own
//! [`ViewerAction`]). Each is written into the page as a `data-action`
//! attribute by [`std::fmt::Display`] and read back by [`std::str::FromStr`];
//! the two are each other's inverse (tested), so a view can only offer an
//! action the app knows, and a string that does not parse is an error the
//! browser layer logs instead of ignoring.

use std::fmt;
use std::str::FromStr;

use crate::endpoints::Endpoint;
use crate::i18n::Lang;
use crate::receipt::ReceiptNumber;

/// Tree or text, in the raw viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Tree,
    Raw,
}

/// A click in the popup, the viewer tab or the frame over the case page.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show this receipt's case.
    Choose(ReceiptNumber),
    /// Fetch the case on screen again.
    Refresh,
    /// Stop the requests in flight (or the retry waiting).
    Cancel,
    /// Take the my.uscis.gov tab to the site's sign-in.
    SignIn,
    /// Open my.uscis.gov (the active tab is elsewhere).
    OpenUscis,
    /// Open the viewer for this case in a tab.
    OpenTab,
    /// Open the printable record in a tab; on that page, print it.
    Print,
    /// Save all four answers as one file.
    Download,
    /// Save upcoming appointments as an iCalendar file: one (the case's
    /// receipt and the appointment's instant, ms), or all of the account's.
    Calendar(Option<(ReceiptNumber, i64)>),
    /// Light, dark, system: the next one.
    Theme,
    /// Masking personal details on or off.
    Mask,
    /// The interface language.
    Lang(Lang),
    /// The language of USCIS's own status text, where USCIS sent both.
    StatusLang(Lang),
    /// Close the frame over the case page.
    Close,
    /// Show every timeline entry.
    TimelineAll,
    /// Show or hide every value of the timeline entry whose record is at
    /// this path.
    EntryValues(String),
    CopyRaw(Endpoint),
    CopyAll,
    CopySummary,
    /// A short Markdown summary for a forum post, masked.
    CopyForum,
    /// Show the report for CaseScope's maintainers (made now, shown
    /// before it can be copied), and copy it.
    ShowReport,
    CopyReport,
    /// Remember cases on this computer (to show what changed), or not.
    Remember(bool),
    /// Erase what is kept of the case on screen.
    EraseCase,
    /// Erase everything CaseScope keeps.
    EraseAll,
    /// Show or hide every value that changed in the copy kept at this time (ms).
    LookDiff(i64),
    /// Save every case's record as one file.
    ExportKept,
    /// Ask USCIS about every case on the account, politely.
    CheckAll,
    /// Give a remembered case a name (or change it): opens the field.
    Name(ReceiptNumber),
    Viewer(ViewerAction),
}

/// A click inside the raw viewer (`v:` in the page).
#[derive(Debug, Clone, PartialEq)]
pub enum ViewerAction {
    Tab(Endpoint),
    Mode(Mode),
    /// The next page of lines in the text view.
    RawMore,
    /// Reveal and focus the node at this path of this endpoint's answer.
    Show(Endpoint, String),
    /// Focus the decoded line with this element id.
    Decoded(String),
    Toggle(usize),
    Focus(usize),
    /// The next page of an array's items.
    More(usize),
    /// A long string in full.
    Full(usize),
    ExpandAll,
    CollapseAll,
    Depth(usize),
    Next,
    Prev,
    CopyValue,
    CopyPath,
}

/// An action string that names no action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAction(pub String);

impl fmt::Display for UnknownAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown action {:?}", self.0)
    }
}

impl std::error::Error for UnknownAction {}

fn endpoint(key: &str) -> Option<Endpoint> {
    Endpoint::SHOWN.into_iter().find(|e| e.key() == key)
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Choose(r) => write!(f, "choose:{r}"),
            Action::Refresh => f.write_str("refresh"),
            Action::Cancel => f.write_str("cancel"),
            Action::SignIn => f.write_str("sign-in"),
            Action::OpenUscis => f.write_str("open-uscis"),
            Action::OpenTab => f.write_str("open-tab"),
            Action::Print => f.write_str("print"),
            Action::Download => f.write_str("download"),
            Action::Calendar(None) => f.write_str("calendar:all"),
            Action::Calendar(Some((r, ms))) => write!(f, "calendar:{r}@{ms}"),
            Action::Theme => f.write_str("theme"),
            Action::Mask => f.write_str("mask"),
            Action::Lang(l) => write!(f, "lang:{}", l.code()),
            Action::StatusLang(l) => write!(f, "status-lang:{}", l.code()),
            Action::Close => f.write_str("close"),
            Action::TimelineAll => f.write_str("timeline-all"),
            Action::EntryValues(path) => write!(f, "values:{path}"),
            Action::CopyRaw(e) => write!(f, "copy-raw:{}", e.key()),
            Action::CopyAll => f.write_str("copy-all"),
            Action::CopySummary => f.write_str("copy-summary"),
            Action::CopyForum => f.write_str("copy-forum"),
            Action::ShowReport => f.write_str("show-report"),
            Action::CopyReport => f.write_str("copy-report"),
            Action::Remember(on) => f.write_str(if *on { "remember:on" } else { "remember:off" }),
            Action::EraseCase => f.write_str("erase-case"),
            Action::EraseAll => f.write_str("erase-all"),
            Action::LookDiff(at) => write!(f, "look-diff:{at}"),
            Action::ExportKept => f.write_str("export-kept"),
            Action::CheckAll => f.write_str("check-all"),
            Action::Name(r) => write!(f, "name:{r}"),
            Action::Viewer(v) => write!(f, "v:{v}"),
        }
    }
}

impl FromStr for Action {
    type Err = UnknownAction;

    fn from_str(s: &str) -> Result<Action, UnknownAction> {
        let bad = || UnknownAction(s.to_string());
        let (verb, arg) = match s.split_once(':') {
            Some((v, a)) => (v, Some(a)),
            None => (s, None),
        };
        Ok(match (verb, arg) {
            ("choose", Some(r)) => {
                Action::Choose(ReceiptNumber::parse(r).ok().filter(|p| p.as_str() == r).ok_or_else(bad)?)
            }
            ("refresh", None) => Action::Refresh,
            ("cancel", None) => Action::Cancel,
            ("sign-in", None) => Action::SignIn,
            ("open-uscis", None) => Action::OpenUscis,
            ("open-tab", None) => Action::OpenTab,
            ("print", None) => Action::Print,
            ("download", None) => Action::Download,
            ("calendar", Some("all")) => Action::Calendar(None),
            ("calendar", Some(one)) => {
                let (r, ms) = one.split_once('@').ok_or_else(bad)?;
                let r = ReceiptNumber::parse(r).ok().filter(|p| p.as_str() == r).ok_or_else(bad)?;
                Action::Calendar(Some((r, ms.parse().map_err(|_| bad())?)))
            }
            ("theme", None) => Action::Theme,
            ("mask", None) => Action::Mask,
            ("lang", Some(l)) => Action::Lang(Lang::parse(l).ok_or_else(bad)?),
            ("status-lang", Some(l)) => Action::StatusLang(Lang::parse(l).ok_or_else(bad)?),
            ("close", None) => Action::Close,
            ("timeline-all", None) => Action::TimelineAll,
            ("values", Some(path)) if path.starts_with('$') => Action::EntryValues(path.to_string()),
            ("copy-raw", Some(k)) => Action::CopyRaw(endpoint(k).ok_or_else(bad)?),
            ("copy-all", None) => Action::CopyAll,
            ("copy-summary", None) => Action::CopySummary,
            ("copy-forum", None) => Action::CopyForum,
            ("show-report", None) => Action::ShowReport,
            ("copy-report", None) => Action::CopyReport,
            ("remember", Some("on")) => Action::Remember(true),
            ("remember", Some("off")) => Action::Remember(false),
            ("erase-case", None) => Action::EraseCase,
            ("erase-all", None) => Action::EraseAll,
            ("look-diff", Some(at)) => Action::LookDiff(at.parse().map_err(|_| bad())?),
            ("export-kept", None) => Action::ExportKept,
            ("check-all", None) => Action::CheckAll,
            ("name", Some(r)) => {
                Action::Name(ReceiptNumber::parse(r).ok().filter(|p| p.as_str() == r).ok_or_else(bad)?)
            }
            ("v", Some(rest)) => Action::Viewer(rest.parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        })
    }
}

impl fmt::Display for ViewerAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewerAction::Tab(e) => write!(f, "tab:{}", e.key()),
            ViewerAction::Mode(Mode::Tree) => f.write_str("mode:tree"),
            ViewerAction::Mode(Mode::Raw) => f.write_str("mode:raw"),
            ViewerAction::RawMore => f.write_str("raw-more"),
            ViewerAction::Show(e, path) => write!(f, "show:{}:{path}", e.key()),
            ViewerAction::Decoded(id) => write!(f, "decoded:{id}"),
            ViewerAction::Toggle(n) => write!(f, "toggle:{n}"),
            ViewerAction::Focus(n) => write!(f, "focus:{n}"),
            ViewerAction::More(n) => write!(f, "more:{n}"),
            ViewerAction::Full(n) => write!(f, "full:{n}"),
            ViewerAction::ExpandAll => f.write_str("expand-all"),
            ViewerAction::CollapseAll => f.write_str("collapse-all"),
            ViewerAction::Depth(n) => write!(f, "depth:{n}"),
            ViewerAction::Next => f.write_str("next"),
            ViewerAction::Prev => f.write_str("prev"),
            ViewerAction::CopyValue => f.write_str("copy-value"),
            ViewerAction::CopyPath => f.write_str("copy-path"),
        }
    }
}

impl FromStr for ViewerAction {
    type Err = UnknownAction;

    fn from_str(s: &str) -> Result<ViewerAction, UnknownAction> {
        let bad = || UnknownAction(s.to_string());
        let (verb, arg) = match s.split_once(':') {
            Some((v, a)) => (v, Some(a)),
            None => (s, None),
        };
        let num = || arg.and_then(|a| a.parse::<usize>().ok().filter(|n| n.to_string() == a)).ok_or_else(bad);
        Ok(match (verb, arg) {
            ("tab", Some(k)) => ViewerAction::Tab(endpoint(k).ok_or_else(bad)?),
            ("mode", Some("tree")) => ViewerAction::Mode(Mode::Tree),
            ("mode", Some("raw")) => ViewerAction::Mode(Mode::Raw),
            ("raw-more", None) => ViewerAction::RawMore,
            ("show", Some(rest)) => {
                // The path may itself hold colons (`$["a:b"]`): only the first splits.
                let (k, path) = rest.split_once(':').ok_or_else(bad)?;
                if !path.starts_with('$') {
                    return Err(bad());
                }
                ViewerAction::Show(endpoint(k).ok_or_else(bad)?, path.to_string())
            }
            ("decoded", Some(id)) if !id.is_empty() => ViewerAction::Decoded(id.to_string()),
            ("toggle", Some(_)) => ViewerAction::Toggle(num()?),
            ("focus", Some(_)) => ViewerAction::Focus(num()?),
            ("more", Some(_)) => ViewerAction::More(num()?),
            ("full", Some(_)) => ViewerAction::Full(num()?),
            ("expand-all", None) => ViewerAction::ExpandAll,
            ("collapse-all", None) => ViewerAction::CollapseAll,
            ("depth", Some(_)) => ViewerAction::Depth(num()?),
            ("next", None) => ViewerAction::Next,
            ("prev", None) => ViewerAction::Prev,
            ("copy-value", None) => ViewerAction::CopyValue,
            ("copy-path", None) => ViewerAction::CopyPath,
            _ => return Err(bad()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_action() -> Vec<Action> {
        let r = ReceiptNumber::parse("IOE0912345678").unwrap();
        let mut all = vec![
            Action::Choose(r),
            Action::Refresh,
            Action::Cancel,
            Action::SignIn,
            Action::OpenUscis,
            Action::OpenTab,
            Action::Print,
            Action::Download,
            Action::Calendar(None),
            Action::Calendar(Some((ReceiptNumber::parse("IOE0912345678").unwrap(), 1_762_520_400_000))),
            Action::Theme,
            Action::Mask,
            Action::Close,
            Action::TimelineAll,
            Action::EntryValues("$.data.events[3]".into()),
            Action::CopyAll,
            Action::CopySummary,
            Action::CopyForum,
            Action::ShowReport,
            Action::CopyReport,
            Action::Remember(true),
            Action::Remember(false),
            Action::EraseCase,
            Action::EraseAll,
            Action::LookDiff(1_780_000_000_000),
            Action::ExportKept,
            Action::CheckAll,
            Action::Name(ReceiptNumber::parse("IOE0912345678").unwrap()),
        ];
        for l in Lang::ALL {
            all.push(Action::Lang(l));
            all.push(Action::StatusLang(l));
        }
        for e in Endpoint::SHOWN {
            all.push(Action::CopyRaw(e));
            all.push(Action::Viewer(ViewerAction::Tab(e)));
            all.push(Action::Viewer(ViewerAction::Show(e, "$.data[\"a:b\"].c[0]".into())));
        }
        for v in [
            ViewerAction::Mode(Mode::Tree),
            ViewerAction::Mode(Mode::Raw),
            ViewerAction::RawMore,
            ViewerAction::Decoded("d3".into()),
            ViewerAction::Toggle(0),
            ViewerAction::Focus(17),
            ViewerAction::More(4),
            ViewerAction::Full(9),
            ViewerAction::ExpandAll,
            ViewerAction::CollapseAll,
            ViewerAction::Depth(2),
            ViewerAction::Next,
            ViewerAction::Prev,
            ViewerAction::CopyValue,
            ViewerAction::CopyPath,
        ] {
            all.push(Action::Viewer(v));
        }
        all
    }

    #[test]
    fn every_action_reads_back_as_itself() {
        for a in every_action() {
            let written = a.to_string();
            assert_eq!(written.parse::<Action>(), Ok(a.clone()), "{written}");
        }
        // The strings the page has always used stay the same.
        assert_eq!(Action::Viewer(ViewerAction::Tab(Endpoint::Status)).to_string(), "v:tab:case_status");
        assert_eq!(Action::CopyRaw(Endpoint::Case).to_string(), "copy-raw:cases");
    }

    #[test]
    fn strings_that_name_no_action_are_errors() {
        for bad in [
            "",
            "nope",
            "refresh:now",
            "choose:ioe0912345678",
            "choose:IOE0912345678/..",
            "copy-raw:history",
            "lang:fr",
            "v:",
            "v:toggle:x",
            "v:toggle:-1",
            "v:toggle:01",
            "v:depth",
            "v:show:cases",
            "v:show:cases:data",
            "v:tab:nope",
            "v:mode:fancy",
            "v:decoded:",
            "values:",
            "values:data",
        ] {
            assert_eq!(bad.parse::<Action>(), Err(UnknownAction(bad.to_string())), "{bad}");
        }
    }
}
