//! The account page's case cards, found by what they say and not by the
//! site's ids (as Mozilla's Readability finds an article: docs/STYLE.md,
//! "Pages that change under you"). USCIS redraws its site; tools read the
//! same page with `div[role=region][id=region_IOE…]` cards (tpm2dot0) or
//! with its text alone (CaseLens, API-NOTES "Other readings of the account
//! page"). So a card is the largest block of the page that holds exactly
//! one receipt number, below the element that holds them all, and the id
//! is only one more sign.
//!
//! The content script reads the page and hands over [`Spot`]s: each element
//! whose own text holds ten digits in a row (a receipt's shape, loosely),
//! with its text and the numbers of the elements above it. Which of those
//! are real receipts, which block is each one's card and where its control
//! goes is decided here, natively tested. The card's own words are
//! [`words`].

pub mod words;

use serde::{Deserialize, Serialize};

use crate::receipt::{find_in_text, ReceiptNumber};

/// At most this many spots are read, each by its first [`MAX_SPOT_TEXT`]
/// bytes and [`MAX_DEPTH`] elements up: an account page has a card or two
/// per case, and 200 cases is the most the page's data is read for.
pub const MAX_SPOTS: usize = 2000;
pub const MAX_SPOT_TEXT: usize = 1000;
pub const MAX_DEPTH: usize = 64;
/// At most this many `[role=region][id]` elements are looked at.
pub const MAX_REGIONS: usize = 500;
/// Element numbers are below this (one reading numbers at most
/// `MAX_REGIONS + MAX_SPOTS * MAX_DEPTH` elements); a larger one is not read.
const MAX_NUMBER: u32 = (MAX_REGIONS + MAX_SPOTS * MAX_DEPTH) as u32;

/// An element of the page whose text holds something shaped like a
/// receipt: its text (cut by the content script around the first one) and
/// its own number, then its parent's, and so on up (numbers the content
/// script gives the elements of one reading of the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spot {
    pub text: String,
    pub path: Vec<u32>,
}

/// An element of the page with `role=region` and an id (the account page's
/// cards as tpm2dot0 reads them): its number and its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub n: u32,
    pub id: String,
}

/// A case's card on the page: the block that is its card (`card`), and the
/// element its control goes into, beside the receipt (`at`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub receipt: ReceiptNumber,
    pub card: u32,
    pub at: u32,
}

/// Which reading of the page matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Cards named by their ids (`region_IOE…`), as read in February 2026.
    ById,
    /// Cards found by their text alone.
    ByText,
    /// One receipt, and nothing like a card: the floating button.
    OneReceipt,
    /// No receipt at all.
    Nothing,
}

impl Layout {
    /// The words a maintainer reads in a report (not translated: a report
    /// is for CaseScope's maintainers).
    pub fn key(self) -> &'static str {
        match self {
            Layout::ById => "cards by id",
            Layout::ByText => "cards by text",
            Layout::OneReceipt => "one receipt",
            Layout::Nothing => "none",
        }
    }
}

/// What was found on the page: what the "What CaseScope found on this page"
/// section and the maintainers' report say. Counts only, and the receipts
/// that got no card (which the person is told about, and which the report
/// never names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub layout: Layout,
    /// Cards found (each with its control).
    pub cards: usize,
    /// Of them, named by a `region_` id.
    pub by_id: usize,
    /// Different receipts in the page's text.
    pub receipts: usize,
    /// Receipts in the text that no card holds alone (shown, never hidden).
    #[serde(default)]
    pub unplaced: Vec<ReceiptNumber>,
}

/// The cases on a page: each card and where its control goes, the one case
/// a page with no card is about (`subject`: the floating button), and what
/// was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnPage {
    pub placed: Vec<Placed>,
    pub subject: Option<ReceiptNumber>,
    pub found: Found,
}

/// Which receipts an element holds: none yet, one, or more than one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holds {
    One(usize),
    Many,
}

/// A spot that says it is a card's receipt line ("Receipt #", as both
/// readings of the live page show it: tpm2dot0's `<b>Receipt #</b> IOE…`,
/// CaseLens's "Submitted on … | Receipt # IOE…"), not a mention of the
/// receipt in a sentence ("Receipt Number IOE…" in the status text).
fn is_receipt_line(text: &str) -> bool {
    text.contains("Receipt #") || text.contains("Recibo #")
}

/// A spot's elements, as far up as they are read.
fn path(s: &Spot) -> &[u32] {
    &s.path[..s.path.len().min(MAX_DEPTH)]
}

/// The cases on a page: `url` and `text` (its visible text) name the case
/// of a page with no card; `regions` and `spots` are what the content
/// script read.
pub fn on_page(url: &str, text: &str, regions: &[Region], spots: &[Spot]) -> OnPage {
    let spots = &spots[..spots.len().min(MAX_SPOTS)];
    let regions = &regions[..regions.len().min(MAX_REGIONS)];
    // The receipts of each spot, and every receipt in page order.
    let mut receipts: Vec<ReceiptNumber> = Vec::new();
    let in_spot: Vec<Vec<usize>> = spots
        .iter()
        .map(|s| {
            find_in_text(crate::text::head(&s.text, MAX_SPOT_TEXT))
                .into_iter()
                .map(|r| match receipts.iter().position(|x| *x == r) {
                    Some(i) => i,
                    None => {
                        receipts.push(r);
                        receipts.len() - 1
                    }
                })
                .collect()
        })
        .collect();
    // Which receipts each element holds, by its number (numbers past what
    // one reading can give are not read).
    let top = spots.iter().flat_map(path).copied().filter(|&n| n < MAX_NUMBER).max().map_or(0, |n| n as usize + 1);
    let mut held: Vec<Option<Holds>> = vec![None; top];
    for (s, rs) in spots.iter().zip(&in_spot) {
        for &r in rs {
            for n in path(s).iter().copied().filter(|&n| n < MAX_NUMBER) {
                let h = &mut held[n as usize];
                *h = match *h {
                    None => Some(Holds::One(r)),
                    Some(Holds::One(x)) if x == r => Some(Holds::One(r)),
                    _ => Some(Holds::Many),
                };
            }
        }
    }
    let holds = |n: &u32| held.get(*n as usize).copied().flatten();
    // A region named for a receipt (`region_IOE…`).
    let named = |n: u32| -> Option<usize> {
        let r = regions.iter().find(|g| g.n == n)?.id.strip_prefix("region_")?;
        receipts.iter().position(|x| x.as_str() == r)
    };
    let lone = receipts.len() == 1;
    let mut placed = Vec::new();
    let mut by_id = 0;
    for (r, receipt) in receipts.iter().enumerate() {
        // Where it stands alone, the spots that name it, best first: in
        // its own region, on a receipt line, in page order.
        let mut mine: Vec<(usize, &Spot)> = spots
            .iter()
            .zip(&in_spot)
            .filter(|(s, rs)| rs.contains(&r) && s.path.first().is_some_and(|n| holds(n) == Some(Holds::One(r))))
            .map(|(s, _)| s)
            .enumerate()
            .collect();
        let rank = |s: &Spot| (!path(s).iter().any(|&n| named(n) == Some(r)), !is_receipt_line(&s.text));
        crate::order::sort_by_key(&mut mine, |(i, s)| (rank(s), *i));
        let Some((_, spot)) = mine.first() else { continue };
        let p = path(spot);
        let Some(&at) = p.first() else { continue };
        let own_region = p.iter().copied().find(|&n| named(n) == Some(r));
        let card = if lone {
            // The whole page holds it alone: a card only when it says so
            // (its region, or a receipt line), and then the block around
            // that line; otherwise the page is about it (floating button).
            match own_region {
                Some(n) => n,
                None if is_receipt_line(&spot.text) => p.get(1).copied().unwrap_or(at),
                None => break,
            }
        } else {
            // The largest block that holds it alone.
            p.iter().copied().take_while(|n| holds(n) == Some(Holds::One(r))).last().unwrap_or(at)
        };
        if own_region.is_some() {
            by_id += 1;
        }
        placed.push(Placed { receipt: receipt.clone(), card, at });
    }
    // A region named for a receipt whose text shows none still is its card
    // (the id is what the site names it by); its control goes in it.
    for g in regions {
        let id = g.id.strip_prefix("region_").filter(|r| crate::receipt::is_canonical(r));
        let Some(r) = id.and_then(|r| ReceiptNumber::parse(r).ok()) else { continue };
        if !placed.iter().any(|p| p.receipt == r) {
            placed.push(Placed { receipt: r, card: g.n, at: g.n });
            by_id += 1;
        }
    }
    let subject = if placed.is_empty() {
        crate::receipt::page_subject(url, text).or_else(|| lone.then(|| receipts[0].clone()))
    } else {
        None
    };
    let layout = match (placed.len(), &subject) {
        (0, Some(_)) => Layout::OneReceipt,
        (0, None) => Layout::Nothing,
        (n, _) if by_id == n => Layout::ById,
        _ => Layout::ByText,
    };
    // Every receipt the page shows, in the elements read or its text; one
    // that got no control (and is not the page's one subject) is one the
    // person would miss.
    let mut all = receipts;
    for r in crate::receipt::find_in_text(text) {
        if !all.contains(&r) {
            all.push(r);
        }
    }
    let receipts = all.len();
    let unplaced: Vec<ReceiptNumber> =
        all.into_iter().filter(|r| !placed.iter().any(|p| p.receipt == *r) && subject.as_ref() != Some(r)).collect();
    let found = Found { layout, cards: placed.len(), by_id, receipts, unplaced };
    OnPage { placed, subject, found }
}

#[cfg(test)]
mod tests;
