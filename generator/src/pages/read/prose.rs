//! Constraints stated in a cell's prose: listed values (bullets with meanings, "Values:
//! auto, manual", "Value: 10 (default value), 20, or 50"), ranges ("1 to 100", "The
//! minimum value is 1 and the maximum value is 100", "greater than or equal to 0"), lengths
//! ("4 to 64 characters") and defaults ("The default value is 100", "Default value:
//! Instance", "10 ... by default"). "N/A" and "Null" are no value. Bullets never give a
//! range or a default: in the docs they qualify one case ("For MySQL, the default value
//! is 3306").

use std::sync::LazyLock;

use regex::Regex;

use super::doc::{Cell, Para};
use super::pattern;
use crate::pages::model::{Constraints, EnumValue, Located};

/// Reads the constraints a row's description states. `text_type` says the row is a
/// string, whose "Minimum"/"Maximum" are lengths.
pub(super) fn constraints(cell: &Cell, text_type: bool) -> Constraints {
    let mut found = Constraints::default();
    values(&cell.paras, &mut found);
    let mut label: Option<&str> = None;
    for para in &cell.paras {
        if para.bullet {
            label = None;
            continue;
        }
        let text = para.text.trim();
        if let Some(name) = text.strip_suffix(':').filter(|name| LABELS.is_match(name)) {
            label = Some(name);
            continue;
        }
        if is_placeholder(text) {
            label = None;
            continue;
        }
        let value = text.trim_end_matches('.');
        if label.is_some_and(|name| name.to_ascii_lowercase().starts_with("default"))
            && found.default.is_none()
            && is_value_word(value)
        {
            found.default = located(value.to_owned(), para.line);
        }
        if label.is_some_and(|name| name.to_ascii_lowercase().starts_with("value")) {
            inline_values(text, para, &mut found);
        }
        ranges(text, para.line, text_type, &mut found);
        if found.default.is_none() {
            found.default = default(text).and_then(|value| located(value, para.line));
        }
        label = None;
    }
    found
}

fn located<T>(value: T, line: usize) -> Option<Located<T>> {
    Some(Located { value, line })
}

/// The label words of the structured descriptions ("Explanation:", "Values:", "Default
/// value:").
static LABELS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^(explanation|constraints?|values?|value range|range|default value|default|options?|enumeration values?|example|note)$",
    )
});

/// "N/A", "Null", "None": the docs' way of saying there is nothing.
fn is_placeholder(text: &str) -> bool {
    matches!(
        text.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "n/a" | "na" | "null" | "none" | "-" | ""
    )
}

/// A single word or number that can be a value (`auto`, `en-us`, `10`, `CREATE FAIL` is
/// not: multi-word values come only from marked text).
fn is_value_word(text: &str) -> bool {
    !text.is_empty()
        && !is_placeholder(text)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "_.-+/:".contains(c))
        && !STOP_WORDS.contains(&text.to_ascii_lowercase().as_str())
}

/// Words that follow "default value is" without being a value.
const STOP_WORDS: &[&str] = &[
    "as",
    "empty",
    "null",
    "none",
    "not",
    "the",
    "a",
    "an",
    "used",
    "blank",
    "determined",
    "returned",
    "that",
    "this",
    "false.",
    "left",
    "set",
];

/// Value lists: bullet runs whose every item reads as a value (introduced by a sentence
/// about values, or each item marked or followed by its meaning), and inline lists.
fn values(paras: &[Para], found: &mut Constraints) {
    let mut intro: Option<&str> = None;
    let mut index = 0;
    while let Some(para) = paras.get(index) {
        if !para.bullet {
            if let Some(value) = conditional_value(para) {
                push_value(found, value);
            }
            // "The value can be:" then a paragraph of one value ("GaussDB.").
            let single = para.text.trim().trim_end_matches('.');
            let previous = index.checked_sub(1).and_then(|at| paras.get(at));
            let introduced = previous.is_some_and(|before| {
                !before.bullet && before.text.ends_with(':') && is_list_intro(&before.text)
            });
            if introduced && !single.ends_with(':') && is_value_word(single) {
                push_value(
                    found,
                    EnumValue {
                        value: single.to_owned(),
                        meaning: None,
                        line: para.line,
                    },
                );
            }
            intro = Some(para.text.as_str());
            // The cheap test first: most paragraphs have no colon (the patterns are slow in
            // unoptimized builds, where the tests run).
            let list = para
                .text
                .contains(':')
                .then(|| INLINE.captures(&para.text))
                .flatten();
            if let Some(list) = list.and_then(|c| c.get(1)) {
                inline_values(list.as_str(), para, found);
            }
            index += 1;
            continue;
        }
        let run_end = paras
            .iter()
            .skip(index)
            .position(|next| !next.bullet || next.note != para.note)
            .map_or(paras.len(), |offset| index + offset);
        let run = paras.get(index..run_end).unwrap_or_default();
        let items: Option<Vec<(EnumValue, bool)>> = run.iter().map(bullet_value).collect();
        if let Some(items) = items {
            let introduced = intro.is_some_and(is_list_intro);
            if introduced || items.iter().all(|(_, strong)| *strong) {
                for (value, _) in items {
                    push_value(found, value);
                }
            }
        }
        index = run_end.max(index + 1);
    }
}

/// "If the value is **BUILD**, the instance is being created.": one value per paragraph.
fn conditional_value(para: &Para) -> Option<EnumValue> {
    if !para.text.trim_start().starts_with("If the value is") {
        return None;
    }
    let captures = CONDITIONAL.captures(para.text.trim())?;
    let value = captures.get(1)?.as_str().trim();
    let meaning = captures.get(2).map(|m| m.as_str().trim().to_owned());
    (para.marked.iter().any(|word| word == value) || is_value_word(value)).then(|| EnumValue {
        value: value.to_owned(),
        meaning,
        line: para.line,
    })
}

static CONDITIONAL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^If the value is\s+(.+?),\s*(.+)$"));

/// Whether a sentence introduces a list of values (not examples, not a default).
fn is_list_intro(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    VALUE_INTRO.is_match(text) && !lower.contains("example") && !lower.starts_with("default")
}

/// A sentence that introduces a list of values.
static VALUE_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)(values?\b|options?\b|enumerat|following|include|can be|as follows)")
});

/// "Values: auto, manual." / "Options: TRUE or FALSE." / "Value: 10 (default value), 20,
/// or 50": the list after the colon, up to the end of the sentence. The word starts a
/// sentence ("Minimum value: 0" is a range, not a list).
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)(?:^|[.;]\s+)(?:valid\s+)?(?:values?|options?|enumeration values?)\s*(?:are|is|include)?\s*:\s*(.+?)(?:\.\s|\.$|$)",
    )
});

/// Splits an inline list into values; all items must be values, else nothing is taken
/// (the colon introduced a sentence, not a list). A range ("1 to 100") is not a list.
fn inline_values(list: &str, para: &Para, found: &mut Constraints) {
    let list = list.trim().trim_end_matches('.');
    if RANGE.is_match(list) || list.is_empty() {
        return;
    }
    let mut items = Vec::new();
    let mut default = None;
    for piece in list
        .split(',')
        .flat_map(|part| part.split(" or "))
        .flat_map(|part| part.split(" and "))
    {
        let mut item = piece.trim();
        item = item
            .strip_prefix("or ")
            .or_else(|| item.strip_prefix("and "))
            .unwrap_or(item)
            .trim();
        if item.is_empty() {
            continue;
        }
        if let Some(value) = item
            .strip_suffix("(default value)")
            .or_else(|| item.strip_suffix("(default)"))
        {
            item = value.trim();
            default = Some(item.to_owned());
        }
        let marked = para.marked.iter().any(|word| word == item);
        if !(marked || is_value_word(item)) {
            return;
        }
        items.push(item.to_owned());
    }
    for value in items {
        push_value(
            found,
            EnumValue {
                value,
                meaning: None,
                line: para.line,
            },
        );
    }
    if let Some(value) = default {
        if found.default.is_none() {
            found.default = located(value, para.line);
        }
    }
}

/// Adds a value unless the page listed it already (some pages list values twice: with
/// meanings, then as "Enumeration values").
fn push_value(found: &mut Constraints, value: EnumValue) {
    if !found.values.iter().any(|known| known.value == value.value) {
        found.values.push(value);
    }
}

/// A bullet item as a value: `**v**: meaning`, `v: meaning`, `v, indicating ...`, or a
/// bare `v`. The flag says whether the item's form alone shows it is a value (marked, or
/// followed by a meaning).
fn bullet_value(para: &Para) -> Option<(EnumValue, bool)> {
    let text = para.text.trim();
    let value_of = |value: &str, rest: &str, strong: bool| {
        let meaning = rest.trim_start_matches([':', ',', '-', '–']).trim();
        Some((
            EnumValue {
                value: value.to_owned(),
                meaning: (!meaning.is_empty()).then(|| meaning.to_owned()),
                line: para.line,
            },
            strong,
        ))
    };
    if let Some(first) = para.marked.first() {
        if let Some(rest) = text.strip_prefix(first.as_str()) {
            return value_of(first, rest, true);
        }
    }
    if let Some(captures) = ITEM.captures(text) {
        let value = captures.get(1)?.as_str();
        let rest = captures.get(2).map_or("", |m| m.as_str());
        return value_of(value, rest, true);
    }
    let bare = text.trim_end_matches('.');
    is_value_word(bare)
        .then(|| value_of(bare, "", false))
        .flatten()
}

/// `value: meaning`, `value, meaning`, `value - meaning` with a one-word value.
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^([A-Za-z0-9_.+/-]+)\s*(?::\s|,\s|\s-\s|\s–\s)\s*(.+)$"));

/// "1 to 100", "from 40 GB to 4000 GB", "be 4 to 64 characters".
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)(?:^|\b(?:from|is|be|between|contain|contains|value:|values:|range:)\s+)(-?\d+(?:\.\d+)?)\s*(?:[A-Za-z]{1,3}\s+)?(?:to|and)\s+(-?\d+(?:\.\d+)?)\s*(?:[A-Za-z]{1,3}\b)?\s*(characters?)?",
    )
});

/// "The minimum value is 1", "Minimum value: 0", "greater than or equal to 0".
static MINIMUM: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)(?:minimum(?: value)?(?: of this parameter)?(?: is|:)|greater than or equal to|no less than|at least)\s+(-?\d+(?:\.\d+)?)(\s+characters?)?",
    )
});

/// "the maximum value is 100", "Maximum value: 100", "a maximum of 256 characters".
static MAXIMUM: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)(?:maximum(?: value)?(?: of this parameter)?(?: is|:)|a maximum of|less than or equal to|no more than|up to|cannot exceed|not exceed)\s+(-?\d+(?:\.\d+)?)(\s+characters?)?",
    )
});

/// "cannot be a negative number": a minimum of 0 when no other minimum is given.
static NOT_NEGATIVE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)cannot be (?:a )?negative|must not be negative|non-negative"));

/// Ranges and lengths stated in one paragraph; the first statement of each wins.
fn ranges(text: &str, line: usize, text_type: bool, found: &mut Constraints) {
    // The cheap test first: statements of a range have a number.
    if text.contains(|c: char| c.is_ascii_digit()) {
        numeric_ranges(text, line, text_type, found);
    }
    if found.minimum.is_none() && !text_type && NOT_NEGATIVE.is_match(text) {
        found.minimum = located(0.0, line);
    }
}

/// The statements of [`ranges`] that name numbers.
fn numeric_ranges(text: &str, line: usize, text_type: bool, found: &mut Constraints) {
    if let Some(captures) = RANGE.captures(text) {
        let low = captures.get(1).and_then(|m| m.as_str().parse::<f64>().ok());
        let high = captures.get(2).and_then(|m| m.as_str().parse::<f64>().ok());
        if let (Some(low), Some(high)) = (low, high) {
            if captures.get(3).is_some() {
                set_length(found, low, high, line);
            } else if found.minimum.is_none() && found.maximum.is_none() {
                found.minimum = located(low, line);
                found.maximum = located(high, line);
            }
        }
    }
    for (regex, is_min) in [(&*MINIMUM, true), (&*MAXIMUM, false)] {
        let Some(captures) = regex.captures(text) else {
            continue;
        };
        let Some(number) = captures.get(1).and_then(|m| m.as_str().parse::<f64>().ok()) else {
            continue;
        };
        let length = captures.get(2).is_some() || text_type;
        match (length, is_min) {
            (true, true) if found.min_length.is_none() => {
                found.min_length = located(whole(number), line)
            }
            (true, false) if found.max_length.is_none() => {
                found.max_length = located(whole(number), line)
            }
            (false, true) if found.minimum.is_none() => found.minimum = located(number, line),
            (false, false) if found.maximum.is_none() => found.maximum = located(number, line),
            _ => {}
        }
    }
}

fn set_length(found: &mut Constraints, low: f64, high: f64, line: usize) {
    if found.min_length.is_none() && found.max_length.is_none() {
        found.min_length = located(whole(low), line);
        found.max_length = located(whole(high), line);
    }
}

/// A length as a count (lengths in the docs are whole numbers; a negative one is 0).
fn whole(number: f64) -> u64 {
    // Saturating float-to-int conversion: the docs' lengths are small whole numbers.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let count = number.max(0.0) as u64;
    count
}

/// "The default value is 100", "the default value 7 is used", "defaults to X", "10
/// (default value)".
static DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\bdefault(?: value)? is\s+([^\s,;()]+)|\bdefault value\s+([^\s,;()]+)\s+is used|\bdefaults? to\s+([^\s,;()]+)|([^\s,;()]+)\s+\(default(?: value)?\)",
    )
});

/// A sentence saying what happens "by default"; its one number is the default.
static BY_DEFAULT: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)\bby default\b"));

/// A standalone number in a sentence.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?:^|[\s(])(-?\d+(?:\.\d+)?)(?:$|[\s,.;)])"));

/// The default a paragraph states, if it states one.
fn default(text: &str) -> Option<String> {
    if !text.to_ascii_lowercase().contains("default") {
        return None;
    }
    if let Some(captures) = DEFAULT.captures(text) {
        let word = (1..=4).find_map(|group| captures.get(group))?.as_str();
        // "**false**: (default value) The function is disabled." names `false`.
        let word = word.trim_end_matches(['.', ':']).trim_matches(['"', '\'']);
        if is_value_word(word) {
            return Some(word.to_owned());
        }
    }
    for sentence in text.split(". ") {
        if !BY_DEFAULT.is_match(sentence) {
            continue;
        }
        let numbers: Vec<&str> = NUMBER
            .captures_iter(sentence)
            .filter_map(|c| c.get(1).map(|m| m.as_str()))
            .collect();
        if let [number] = numbers.as_slice() {
            return Some((*number).to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Cell, Constraints, Para, constraints};

    fn para(text: &str, bullet: bool, line: usize) -> Para {
        Para {
            text: text.into(),
            bullet,
            line,
            ..Para::default()
        }
    }

    fn cell(paras: Vec<Para>) -> Cell {
        Cell { paras, line: 1 }
    }

    #[test]
    fn range_and_default_in_one_sentence() {
        let c = constraints(
            &cell(vec![para(
                "Number of records. The default value is 100. The minimum value is 1 and the maximum value is 100.",
                false,
                7,
            )]),
            false,
        );
        assert_eq!(c.minimum.map(|m| m.value), Some(1.0));
        assert_eq!(c.maximum.map(|m| (m.value, m.line)), Some((100.0, 7)));
        assert_eq!(c.default.map(|d| d.value).as_deref(), Some("100"));
    }

    #[test]
    fn inline_list_with_default() {
        let c = constraints(
            &cell(vec![para(
                "Number of records to be queried. Value: 10 (default value), 20, or 50.",
                false,
                3,
            )]),
            false,
        );
        let values: Vec<_> = c.values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["10", "20", "50"]);
        assert_eq!(c.default.map(|d| d.value).as_deref(), Some("10"));
        assert_eq!(c.minimum, None);
    }

    #[test]
    fn structured_description_with_placeholders() {
        let c = constraints(
            &cell(vec![
                para("Explanation:", false, 1),
                para("Maximum backup records to be queried.", false, 3),
                para("Values:", false, 5),
                para("1 to 100", false, 7),
                para("Default value:", false, 9),
                para(
                    "If this parameter is not transferred, the first 100 instances are queried by default.",
                    false,
                    11,
                ),
            ]),
            false,
        );
        assert_eq!(c.minimum.map(|m| (m.value, m.line)), Some((1.0, 7)));
        assert_eq!(c.maximum.map(|m| m.value), Some(100.0));
        assert_eq!(
            c.default.map(|d| (d.value, d.line)),
            Some(("100".to_owned(), 11))
        );
        let none = constraints(
            &cell(vec![
                para("Values:", false, 1),
                para("N/A", false, 3),
                para("Default value:", false, 5),
                para("N/A", false, 7),
            ]),
            false,
        );
        assert_eq!(none, Default::default());
    }

    #[test]
    fn bullet_values_need_an_introduction_or_a_meaning() {
        let listed = constraints(
            &cell(vec![
                para("Backup type. Value:", false, 1),
                para("auto: automated full backup", true, 2),
                para("manual", true, 3),
            ]),
            false,
        );
        let values: Vec<_> = listed
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.meaning.as_deref(), v.line))
            .collect();
        assert_eq!(
            values,
            [
                ("auto", Some("automated full backup"), 2),
                ("manual", None, 3)
            ]
        );
        let cases = constraints(
            &cell(vec![
                para(
                    "If this parameter is not set, the default value is as follows:",
                    false,
                    1,
                ),
                para("For MySQL, the default value is 3306.", true, 2),
            ]),
            false,
        );
        assert_eq!(cases, Default::default());
        let examples = constraints(
            &cell(vec![
                para("Example value:", false, 1),
                para("08:15-09:15", true, 2),
            ]),
            false,
        );
        assert!(examples.values.is_empty());
        // Bullets with meanings, then the same values again under a second "Value:".
        let twice = constraints(
            &cell(vec![
                para("Restoration type. Value:", false, 1),
                para("backup: from backups.", true, 2),
                para("Value:", false, 3),
                para("backup", true, 4),
            ]),
            false,
        );
        assert_eq!(values_of(&twice), ["backup"]);
    }

    fn values_of(c: &Constraints) -> Vec<&str> {
        c.values.iter().map(|v| v.value.as_str()).collect()
    }

    #[test]
    fn a_default_marked_after_its_value() {
        let c = constraints(
            &cell(vec![para(
                "true: The function is enabled. false: (default value) The function is disabled.",
                false,
                5,
            )]),
            false,
        );
        assert_eq!(
            c.default.map(|d| (d.value, d.line)),
            Some(("false".to_owned(), 5))
        );
    }

    #[test]
    fn lengths_and_marked_values() {
        let c = constraints(
            &cell(vec![para(
                "The value must be 4 to 64 characters in length.",
                false,
                2,
            )]),
            true,
        );
        assert_eq!(
            (c.min_length.map(|l| l.value), c.max_length.map(|l| l.value)),
            (Some(4), Some(64))
        );
        assert_eq!(c.minimum, None);
        let mut marked = para("CREATE FAIL: creation failed", true, 4);
        marked.marked = vec!["CREATE FAIL".into()];
        let c = constraints(&cell(vec![para("Status. Value:", false, 1), marked]), false);
        assert_eq!(c.values[0].value, "CREATE FAIL");
        assert_eq!(c.values[0].meaning.as_deref(), Some("creation failed"));
    }
}
