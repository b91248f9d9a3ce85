//! reStructuredText inline markup: `**bold**`, `*emphasis*`, ``` ``literal`` ```,
//! ``:ref:`text <label>` ``, `` `text <url>`__ `` and `\ ` escapes, removed from text while
//! keeping what they mark (values and link targets).

use super::doc::Para;

/// Removes inline markup from `raw`; bold and literal words are reported in
/// [`Para::marked`], `:ref:` labels in [`Para::refs`].
pub(super) fn plain(raw: &str) -> Para {
    let mut para = Para::default();
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("``") {
            if let Some((inner, tail)) = after.split_once("``") {
                para.text.push_str(inner);
                para.marked.push(inner.to_owned());
                rest = tail;
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix(":ref:`") {
            if let Some((inner, tail)) = after.split_once('`') {
                let (text, label) = link(inner);
                para.text.push_str(text);
                para.refs.push(label.to_owned());
                rest = tail;
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix("**") {
            if let Some((inner, tail)) = after.split_once("**") {
                if !inner.is_empty() {
                    para.text.push_str(inner);
                    para.marked.push(inner.trim().to_owned());
                    rest = tail;
                    continue;
                }
            }
        }
        if let Some(after) = rest.strip_prefix('`') {
            if let Some((inner, tail)) = after.split_once('`') {
                para.text.push_str(link(inner).0);
                rest = tail.trim_start_matches('_');
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix('*') {
            if let Some((inner, tail)) = emphasis(after) {
                para.text.push_str(inner);
                rest = tail;
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix("\\ ") {
            rest = after;
            continue;
        }
        para.text.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    para
}

/// `text <target>` -> (`text`, `target`); a bare `target` is both.
fn link(inner: &str) -> (&str, &str) {
    match inner.rsplit_once('<') {
        Some((text, target)) if inner.ends_with('>') => {
            let text = text.trim();
            let target = target.trim_end_matches('>');
            (if text.is_empty() { target } else { text }, target)
        }
        _ => (inner, inner),
    }
}

/// `*x*`: the text up to a closing `*` that ends a word; `None` when `*` is not markup
/// (`a * b`, a lone `*` in a list of special characters).
fn emphasis(after: &str) -> Option<(&str, &str)> {
    if after.starts_with(char::is_whitespace) || after.starts_with('*') {
        return None;
    }
    let end = after.find('*')?;
    let inner = after.get(..end)?;
    let tail = after.get(end + 1..)?;
    let closes = tail
        .chars()
        .next()
        .is_none_or(|next| !next.is_alphanumeric());
    (!inner.is_empty() && !inner.ends_with(char::is_whitespace) && closes).then_some((inner, tail))
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markup_is_removed_and_values_and_labels_kept() {
        let para = plain("See :ref:`Table 3 <rds_09_0008__table1>` and **auto**: *full* ``a*b``");
        assert_eq!(para.text, "See Table 3 and auto: full a*b");
        assert_eq!(para.refs, ["rds_09_0008__table1"]);
        assert_eq!(para.marked, ["auto", "a*b"]);
        assert_eq!(
            plain("https://{*Endpoint*}/v3").text,
            "https://{Endpoint}/v3"
        );
        assert_eq!(plain("`region <https://x.y/>`__.").text, "region.");
        assert_eq!(plain("~!@#$%^*-_=+?,").text, "~!@#$%^*-_=+?,");
    }
}
