//! The browser's side of the page: the URL, fetching files next to the page,
//! downloads, and the document's language and title. Everything that touches
//! `window` outside the hooks lives here.

use super::params::{self, Params};
use crate::text::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The browser window, if there is one.
pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The page's query string (with its `?`), or empty.
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's URL without its query, for share links (from `href`: a file://
/// page's origin may read "null").
pub fn base_url() -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The browser's language, if the page has it.
pub fn browser_lang() -> Lang {
    window()
        .and_then(|w| w.navigator().language())
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default()
}

/// prefers-reduced-motion without `autoplay=` in the URL: nothing moves until
/// the viewer presses play.
pub fn still(query: &str) -> bool {
    let reduced = window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches());
    reduced && !query.contains("autoplay=")
}

/// The URL, the browser's language, and what was wrong with the URL.
// Once in the page's wasm, where it was inlined twice.
#[inline(never)]
pub fn initial() -> (Params, Lang, Vec<String>) {
    let query = query();
    let browser = browser_lang();
    let (mut p, errors) = params::parse(&query, browser);
    if still(&query) {
        p.autoplay = false;
    }
    let lang = p.lang.unwrap_or(browser);
    (p, lang, errors)
}

/// A side-by-side ZAB scenario belongs to the ZAB page (its own wasm): go there
/// with the same query, comparing both protocols (false when already there).
pub fn open_zab_page() -> bool {
    let Some(w) = window() else { return false };
    // Already there: the two pages share the loader.
    if w.location()
        .pathname()
        .unwrap_or_default()
        .ends_with("zab.html")
    {
        return false;
    }
    let q = query();
    let q = if q.is_empty() {
        "?compare=1".to_string()
    } else {
        format!("{q}&compare=1")
    };
    w.location().replace(&format!("zab.html{q}")).is_ok()
}

/// This page without the embed parameters: the "open in Raft Lab" link.
pub fn full_page_url() -> String {
    let q = query();
    let kept: Vec<&str> = q
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("embed=") && !kv.starts_with("panels="))
        .collect();
    format!("{}?{}", base_url(), kept.join("&"))
}

/// Fetches a text file next to the page.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let w = window().ok_or("no window")?;
    let resp = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url}: the network request failed"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|_| "no body".to_string())?)
        .await
        .map_err(|_| format!("{url}: could not read the body"))?;
    text.as_string()
        .ok_or_else(|| "the body is not text".into())
}

/// Makes `lang`'s texts ready: fetches them if the page carries them not
/// (see [`Lang::ready`]); an error names the file.
pub async fn texts_for(lang: Lang) -> Result<(), String> {
    let Some(file) = lang.texts_file().filter(|_| !lang.ready()) else {
        return Ok(());
    };
    let text = fetch_text(file).await?;
    if lang.load(text) {
        Ok(())
    } else {
        Err(format!("{file}: not the page's texts"))
    }
}

/// Reads a file the user picked, as text (`None` if it is not text).
pub async fn read_file(file: &web_sys::File) -> Option<String> {
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
}

/// Downloads `text` as a file.
pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let doc = window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Sets the document's `lang` attribute and title.
pub fn set_document(lang: Lang, title: &str) {
    if let Some(d) = window().and_then(|w| w.document()) {
        if let Some(el) = d.document_element() {
            let _ = el.set_attribute("lang", lang.texts().html_lang);
        }
        d.set_title(title);
    }
}
