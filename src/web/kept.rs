//! The kept copies of cases in the extension's local storage
//! (`chrome.storage.local`): strings in and out. What to keep, merge, drop
//! or refuse is decided by [`crate::history`].

use super::chrome;
use crate::decode::LearnedCode;
use crate::history::{self, CaseHistory, ImportError, RecordError};
use crate::receipt::ReceiptNumber;

type Record = Result<Option<CaseHistory>, RecordError>;

/// Bytes of all kept case records.
fn bytes(all: &[(String, Option<usize>)]) -> usize {
    all.iter().filter(|(k, _)| history::is_key(k)).filter_map(|(_, n)| *n).sum()
}

async fn all_bytes() -> Result<usize, String> {
    Ok(bytes(&chrome::stored_lengths().await?))
}

async fn history_keys() -> Result<Vec<String>, String> {
    Ok(chrome::stored_lengths().await?.into_iter().map(|(k, _)| k).filter(|k| history::is_key(k)).collect())
}

/// Every case record as stored (key, text).
async fn records() -> Result<Vec<(String, String)>, String> {
    let keys = history_keys().await?;
    Ok(chrome::stored_strings(&keys).await?.into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
}

/// Every case record that can be read (the others are left as they are).
async fn readable_cases() -> Result<Vec<CaseHistory>, String> {
    Ok(records().await?.into_iter().filter_map(|(_, t)| CaseHistory::from_json(&t).ok()).collect())
}

fn read(text: Option<String>) -> Record {
    text.map(|t| CaseHistory::from_json(&t)).transpose()
}

/// One case's record.
pub async fn case(receipt: &ReceiptNumber) -> Record {
    match chrome::stored_strings(&[history::key(receipt)]).await {
        Ok(mut v) => read(v.pop().and_then(|(_, t)| t)),
        Err(e) => Err(RecordError::Foreign(e)),
    }
}

/// One case's record, and the bytes kept for all cases.
pub async fn case_and_total(receipt: &ReceiptNumber) -> (Record, usize) {
    let total = all_bytes().await.unwrap_or(0);
    (case(receipt).await, total)
}

/// Several cases' records.
pub async fn list(receipts: Vec<ReceiptNumber>) -> Vec<(ReceiptNumber, Record)> {
    let keys: Vec<String> = receipts.iter().map(history::key).collect();
    let found = chrome::stored_strings(&keys).await.unwrap_or_default();
    receipts.into_iter().zip(found).map(|(r, (_, text))| (r, read(text))).collect()
}

/// The code words learned from the kept cases.
pub async fn learned() -> Vec<LearnedCode> {
    let text = chrome::stored_strings(&[history::LEARNED_KEY.to_string()]).await.ok().and_then(|mut v| v.pop()?.1);
    history::learned_list(text.as_deref())
}

/// Keeps a case's record (the others' copies make room when they must),
/// and what it teaches the other cases; returns the bytes now kept.
pub async fn save(case: &CaseHistory) -> Result<history::Saved, String> {
    let key = history::key(&case.receipt);
    let others: Vec<(String, usize)> = chrome::stored_lengths()
        .await?
        .into_iter()
        .filter(|(k, _)| history::is_key(k) && *k != key)
        .map(|(k, len)| (k, len.unwrap_or(0)))
        .collect();
    let (writes, dropped) = match history::plan_save(case, others.iter().map(|(_, n)| n).sum()) {
        history::SavePlan::Write(w) => (w, 0),
        // The others' records are read only when they must make room.
        history::SavePlan::MakeRoom => {
            let keys: Vec<String> = others.into_iter().map(|(k, _)| k).collect();
            let texts: Vec<(String, String)> =
                chrome::stored_strings(&keys).await?.into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
            history::plan_fit(case, &texts)
        }
    };
    chrome::store_strings(&writes).await?;
    let mut list = learned().await;
    let before = list.clone();
    history::learn_into(&mut list, case);
    if list != before {
        store_learned(&list).await?;
    }
    Ok(history::Saved { all_bytes: all_bytes().await?, dropped })
}

async fn store_learned(list: &[LearnedCode]) -> Result<(), String> {
    let key = history::LEARNED_KEY.to_string();
    if list.is_empty() {
        return chrome::unstore(&[key]).await;
    }
    chrome::store_strings(&[(key, serde_json::to_string(list).unwrap_or_default())]).await
}

/// Rebuilds the code words learned from all kept cases (after an erase or
/// an import).
async fn relearn() -> Result<(), String> {
    let cases = readable_cases().await?;
    store_learned(&history::learned_all(&cases)).await
}

/// Erases one case's record, or all (`None`); returns the bytes still kept.
pub async fn erase(which: Option<&ReceiptNumber>) -> Result<usize, String> {
    let keys = match which {
        Some(r) => vec![history::key(r)],
        None => history_keys().await?,
    };
    chrome::unstore(&keys).await?;
    relearn().await?;
    all_bytes().await
}

/// Every case's record as one file.
pub async fn export(now_ms: i64) -> Result<String, String> {
    let cases = readable_cases().await?;
    Ok(history::export_json(&cases, now_ms))
}

/// Adds imported cases to what is kept; the inner `Err` says why the
/// import was refused (nothing written).
pub async fn import(cases: Vec<CaseHistory>) -> Result<Result<usize, ImportError>, String> {
    let n = cases.len();
    match history::plan_import(&records().await?, cases) {
        Ok(writes) => {
            chrome::store_strings(&writes).await?;
            relearn().await?;
            Ok(Ok(n))
        }
        Err(e) => Ok(Err(e)),
    }
}

/// How many of the account page's cases changed since their last look,
/// from the page's own data and the copies kept ([`crate::page::changed_count`]);
/// `None` unless the user has said yes to remembering. Asks USCIS nothing.
pub async fn changed_on_page(cards: &str) -> Option<usize> {
    let flag = chrome::stored_strings(&[history::REMEMBERING_KEY.to_string()]).await.ok()?;
    if flag.into_iter().next()?.1.as_deref() != Some("on") {
        return None;
    }
    // The cards' dates are not shown here: any zone reads them.
    let ctx = crate::decode::Ctx { now_ms: js_sys::Date::now() as i64, zone: &crate::dates::Fixed(0) };
    let data = crate::page::read(cards, None, &ctx)?.data?;
    let kept = list(data.receipts().cloned().collect()).await;
    let kept: Vec<_> = kept.into_iter().map(|(r, record)| (r, record.ok().flatten())).collect();
    Some(crate::page::changed_count(&data, &kept))
}

/// Keeps whether the user said yes to remembering where the background
/// can read it ([`history::REMEMBERING_KEY`]).
pub async fn mirror_remembering(on: bool) {
    let key = history::REMEMBERING_KEY.to_string();
    let done = if on { chrome::store_strings(&[(key, "on".into())]).await } else { chrome::unstore(&[key]).await };
    if let Err(e) = done {
        web_sys::console::warn_1(&format!("CaseScope: remembering: {e}").into());
    }
}

/// Keeps the name the user gave a remembered case, with its record (a case
/// with no record kept has nothing to name).
pub async fn set_nickname(receipt: &ReceiptNumber, name: Option<String>) -> Result<(), String> {
    match case(receipt).await {
        Ok(Some(mut h)) => {
            h.nickname = name;
            save(&h).await.map(|_| ())
        }
        Ok(None) => Err("no record kept for this case".into()),
        Err(_) => Err("the record kept for this case cannot be read".into()),
    }
}
