//! The cards found on each reading of the account page.

use super::*;

fn r(s: &str) -> ReceiptNumber {
    ReceiptNumber::parse(s).unwrap()
}

fn spot(text: &str, path: &[u32]) -> Spot {
    Spot { text: text.into(), path: path.to_vec() }
}

const A: &str = "IOE0912345678";
const B: &str = "IOE0887654321";
const C: &str = "IOE0955500011";
const URL: &str = "https://my.uscis.gov/account/applicant";

/// The layout CaseLens's replica shows (`test/backdrop.html`): no ids, no
/// roles. body 1 > main 2 > "Concurrent filing" group 3 > case 4 (head 5 >
/// meta 6; body 7 > status text 8); case 9 (meta 10, text 11), case 12
/// (meta 13, text 14), each naming its receipt twice.
fn text_layout() -> Vec<Spot> {
    vec![
        spot(&format!("Submitted on March 14, 2026 | Receipt # {A}"), &[6, 5, 4, 3, 2, 1]),
        spot(&format!("As of July 12, 2026, … Receipt Number {A}. We do not"), &[8, 7, 4, 3, 2, 1]),
        spot(&format!("Submitted on March 14, 2026 | Receipt # {B}"), &[10, 9, 3, 2, 1]),
        spot(&format!("On July 18, 2026, … Receipt Number {B},"), &[11, 9, 3, 2, 1]),
        spot(&format!("Submitted on March 14, 2026 | Receipt # {C}"), &[13, 12, 2, 1]),
        spot(&format!("On March 16, 2026, … {C}"), &[14, 12, 2, 1]),
    ]
}

#[test]
fn cards_with_no_ids_are_found_by_their_text_each_the_largest_block_that_holds_one_receipt() {
    let found = on_page(URL, "", &[], &text_layout());
    assert_eq!(
        found.placed,
        vec![
            Placed { receipt: r(A), card: 4, at: 6 },
            Placed { receipt: r(B), card: 9, at: 10 },
            Placed { receipt: r(C), card: 12, at: 13 },
        ],
        "each control beside the receipt line, each card below the group that holds two"
    );
    assert_eq!(found.subject, None);
    assert_eq!(found.found, Found { layout: Layout::ByText, cards: 3, by_id: 0, receipts: 3, unplaced: vec![] });
}

#[test]
fn todays_region_cards_are_found_by_id_as_before() {
    // main 1 > mount 2 > region 3 (p 4 "Receipt #"), region 5 (p 6).
    let regions = vec![Region { n: 3, id: format!("region_{A}") }, Region { n: 5, id: format!("region_{B}") }];
    let spots = vec![spot(&format!("Receipt # {A}"), &[4, 3, 2, 1]), spot(&format!("Receipt # {B}"), &[6, 5, 2, 1])];
    let found = on_page(URL, "", &regions, &spots);
    assert_eq!(found.placed, vec![Placed { receipt: r(A), card: 3, at: 4 }, Placed { receipt: r(B), card: 5, at: 6 }]);
    assert_eq!(found.found.layout, Layout::ById);
    assert_eq!(found.found.by_id, 2);
    // One case on the account: still its card, by its id.
    let one = on_page(URL, "", &regions[..1], &spots[..1]);
    assert_eq!(one.placed, vec![Placed { receipt: r(A), card: 3, at: 4 }]);
    assert_eq!((one.subject, one.found.layout), (None, Layout::ById));
    // A region named for a case whose text shows no receipt: its control in it.
    let bare = on_page(URL, "", &[Region { n: 7, id: format!("region_{C}") }], &[]);
    assert_eq!(bare.placed, vec![Placed { receipt: r(C), card: 7, at: 7 }]);
    // Only a canonical receipt names a region.
    for id in ["region_ioe0912345678", "region_IOE0912345678/..", "region_x"] {
        assert!(on_page(URL, "", &[Region { n: 7, id: id.into() }], &[]).placed.is_empty(), "{id}");
    }
}

#[test]
fn a_list_or_a_table_gets_one_control_a_row() {
    // table 1 > tbody 2 > tr 3.. > td
    let rows: Vec<Spot> =
        [A, B, C].iter().enumerate().map(|(i, x)| spot(x, &[10 + i as u32, 3 + i as u32, 2, 1])).collect();
    let found = on_page(URL, "", &[], &rows);
    assert_eq!(found.placed.iter().map(|p| (p.card, p.at)).collect::<Vec<_>>(), vec![(3, 10), (4, 11), (5, 12)]);
    assert_eq!(found.found.layout, Layout::ByText);
}

#[test]
fn one_receipt_is_a_card_only_when_it_says_so_else_the_floating_button() {
    // One case on the account, text layout: the receipt line names it.
    let one = on_page(URL, "", &[], &[spot(&format!("Submitted on March 14, 2026 | Receipt # {A}"), &[6, 5, 4, 2, 1])]);
    assert_eq!(one.placed, vec![Placed { receipt: r(A), card: 5, at: 6 }]);
    assert_eq!(one.found.layout, Layout::ByText);
    // A page about one case (a message): the floating button.
    let other = "https://my.uscis.gov/account/other-page/IOE0955500011";
    let msg =
        on_page(other, "Receipt number: IOE0955500011", &[], &[spot("Receipt number: IOE0955500011", &[3, 2, 1])]);
    assert_eq!((msg.placed.len(), msg.subject, msg.found.layout), (0, Some(r(C)), Layout::OneReceipt));
    assert!(msg.found.unplaced.is_empty());
    // Nothing at all.
    let none = on_page("https://my.uscis.gov/", "Sign in", &[], &[]);
    assert_eq!((none.placed.len(), none.subject, none.found.layout), (0, None, Layout::Nothing));
}

#[test]
fn every_receipt_gets_one_control_on_its_receipt_line_even_when_named_elsewhere_first() {
    // A banner naming A before the cards; A's control goes on its card's receipt line.
    let mut spots = vec![spot(&format!("Your case {A} was updated"), &[20, 1])];
    spots.extend(text_layout());
    let found = on_page(URL, "", &[], &spots);
    assert_eq!(found.placed.iter().filter(|p| p.receipt == r(A)).count(), 1);
    assert_eq!(found.placed[0], Placed { receipt: r(A), card: 4, at: 6 });
}

#[test]
fn a_receipt_no_block_holds_alone_is_told_not_hidden() {
    // Two receipts in one sentence, beside two proper cards.
    let mut spots = text_layout()[2..].to_vec();
    spots.push(spot(&format!("Linked: {A} and IOE0811112222"), &[30, 2, 1]));
    let found = on_page(URL, "", &[], &spots);
    assert_eq!(found.placed.len(), 2);
    assert_eq!(found.found.unplaced, vec![r(A), r("IOE0811112222")]);
    assert_eq!(found.found.receipts, 4);
    // A receipt in the page's text that no element read holds.
    let found = on_page(URL, "… IOE0899990000 …", &[], &text_layout());
    assert_eq!(found.found.unplaced, vec![r("IOE0899990000")]);
}

#[test]
fn what_the_content_script_sends_is_read_with_limits() {
    let many: Vec<Spot> = (0..MAX_SPOTS as u32 + 50)
        .map(|i| spot(&format!("Receipt # IOE{:010}", 811_000_000 + i), &[100_000 + i, 2, 1]))
        .collect();
    let found = on_page(URL, "", &[], &many);
    assert_eq!(found.placed.len(), MAX_SPOTS);
    // A receipt past the text's limit is not read.
    let far = spot(&format!("{} Receipt # {A}", "x".repeat(MAX_SPOT_TEXT)), &[3, 2, 1]);
    assert!(on_page(URL, "", &[], &[far]).placed.is_empty());
    // A path deeper than the limit is cut: the card is within it.
    let deep: Vec<u32> = (1..=200).rev().collect();
    let found =
        on_page(URL, "", &[], &[spot(&format!("Receipt # {A}"), &deep), spot(&format!("Receipt # {B}"), &[500, 1])]);
    assert_eq!(found.placed[0].card, deep[MAX_DEPTH - 1]);
}
