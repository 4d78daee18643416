//! Choosing a case: the receipts found on the page and the receipt field.

use crate::i18n::{T, W};
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::node::{el, Node};

pub fn view(app: &App, w: W) -> Vec<Node> {
    let mut form = el("form").class("lookup").attr("data-form", "receipt").children([
        el("label").attr("for", "receipt-input").text(w.t(T::ReceiptLabel)),
        el("div").class("row").children([
            el("input")
                .attr("id", "receipt-input")
                .attr("name", "receipt")
                .attr("type", "text")
                .attr("autocomplete", "off")
                .attr("spellcheck", "false")
                .attr("placeholder", "IOE0912345678")
                .attr("value", app.input.clone())
                .attr("aria-describedby", "receipt-help"),
            el("button").attr("type", "submit").text(w.t(T::LookUp)),
        ]),
    ]);
    form = match &app.input_error {
        Some(e) => form.child(
            el("p")
                .attr("id", "receipt-help")
                .class("error")
                .attr("role", "alert")
                .attr("data-state", "bad-receipt")
                .text(w.receipt_error(e)),
        ),
        None => form.child(el("p").attr("id", "receipt-help").class("muted").text(w.t(T::ReceiptHelp))),
    };
    let mut out = Vec::new();
    if !app.receipts.is_empty() {
        let items = app.receipts.iter().map(|r| {
            let current = app.selected.as_ref() == Some(r);
            el("li").key(r.to_string()).child(
                el("button")
                    .attr("type", "button")
                    .class(if current { "receipt current" } else { "receipt" })
                    .attr("data-action", Action::Choose(r.clone()).to_string())
                    .attr("aria-pressed", if current { "true" } else { "false" })
                    .text(app.shown_receipt(r)),
            )
        });
        out.push(
            el("nav")
                .class("receipts")
                .attr("aria-label", w.t(T::ReceiptsOnPage))
                .children([el("h2").text(w.t(T::OnThisPage)), el("ul").children(items)]),
        );
    }
    out.push(form);
    out
}
