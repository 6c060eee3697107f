//! The one parse of a file: saphyr-parser's events, kept with their spans, read into the typed
//! model by a serde `Deserializer`, and searched again only for the places of findings.
//!
//! This is the fast path. It reads plain scalars as serde_yaml does (the YAML 1.2 core schema:
//! `null`, `true`, `0x1F`, `.inf`, and a leading zero makes a string), so a file reads into the
//! same model either way. Whatever it does not handle (an alias, a tag, a second document, a
//! syntax error, a value that does not fit the model) makes it give up without a message: the
//! loader then takes serde_yaml's path, which words every syntax and schema finding.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde::de::{self, DeserializeSeed, Visitor};
use std::num::ParseIntError;

/// The events of a file's one document, with their spans: streams and document markers left out.
#[derive(Debug)]
pub struct Events<'t> {
    list: Vec<(Event<'t>, Span)>,
}

impl<'t> Events<'t> {
    /// Reads the events of `text`, or `None` where the fast path stands aside, because saphyr (a
    /// YAML 1.2 reader) and libyaml (serde_yaml's, YAML 1.1) may disagree or serde_yaml reads the
    /// node in its own way:
    ///
    /// - a syntax error, no document or more than one, a document that is a single scalar;
    /// - an anchor, an alias or a tag anywhere;
    /// - a tab, a character YAML does not allow, a line break only YAML 1.1 has, a byte-order mark
    ///   (a file's opening mark never gets here: [`super::decode`] strips it);
    /// - a document end marker or a directive;
    /// - an empty mapping key, brackets over several lines, a `:` right before a comma or a
    ///   closing bracket, a plain scalar that starts with an indicator;
    /// - a block scalar in a file that does not end with a line break.
    pub fn read(text: &'t str) -> Option<Events<'t>> {
        // A document end marker (`...`) or a directive (`%YAML`): libyaml and saphyr disagree on
        // what may follow the one and on which of the other they take; and on a `:` right before
        // a comma or a closing bracket, a value indicator only in YAML 1.2.
        if has_character_read_differently(text)
            || text.starts_with(['.', '%'])
            || ["\n...", "\r...", "\n%", "\r%"]
                .iter()
                .any(|marker| text.contains(marker))
            || [":,", ":]", ":}"]
                .iter()
                .any(|adjacent| text.contains(adjacent))
        {
            return None;
        }
        // About one event per 12 bytes in the bundled blueprints: one allocation for most files.
        let mut list = Vec::with_capacity(text.len() / 12 + 16);
        let mut documents = 0;
        let mut has_block_scalar = false;
        let mut open: Vec<Open> = Vec::new();
        for item in Parser::new_from_str(text) {
            let (event, span) = item.ok()?;
            if let Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) = &event
                && let Some(Open {
                    key_next: Some(key_next),
                    ..
                }) = open.last_mut()
            {
                // An empty key (a `:` with nothing before it): saphyr reads a null key where
                // libyaml often finds a syntax error.
                if *key_next && matches!(&event, Event::Scalar(value, ..) if value.is_empty()) {
                    return None;
                }
                *key_next = !*key_next;
            }
            // A collection in brackets has a span from its bracket on; a block collection's
            // span is empty.
            let flow_line = (span.end.index() > span.start.index()).then(|| span.start.line());
            match &event {
                Event::MappingStart(..) => open.push(Open {
                    key_next: Some(true),
                    flow_line,
                }),
                Event::SequenceStart(..) => open.push(Open {
                    key_next: None,
                    flow_line,
                }),
                // Brackets over several lines: saphyr takes keys over a line break there, libyaml
                // does not.
                Event::MappingEnd | Event::SequenceEnd
                    if open
                        .pop()
                        .and_then(|closed| closed.flow_line)
                        .is_some_and(|line| line != span.start.line()) =>
                {
                    return None;
                }
                _ => {}
            }
            if let Event::Scalar(value, style, ..) = &event {
                has_block_scalar |= matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                // saphyr starts plain scalars with these where libyaml refuses them (`|` and `>`
                // inside brackets, `:` and `?` before text inside brackets).
                if *style == ScalarStyle::Plain && value.starts_with(['|', '>', ':', '?']) {
                    return None;
                }
            }
            match &event {
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return None;
                    }
                }
                // libyaml takes fewer characters in anchor names than saphyr does, and tags
                // change how serde_yaml reads a node.
                Event::Alias(_)
                | Event::Scalar(_, _, 1.., _)
                | Event::SequenceStart(1.., _)
                | Event::MappingStart(1.., _)
                | Event::Scalar(_, _, _, Some(_))
                | Event::SequenceStart(_, Some(_))
                | Event::MappingStart(_, Some(_)) => return None,
                _ => list.push((event, span)),
            }
        }
        // A block scalar may be cut off by the end of a file without a last line break: saphyr
        // gives it one, serde_yaml does not.
        if has_block_scalar && !text.ends_with('\n') {
            return None;
        }
        // A document that is one scalar is never a blueprint, and libyaml reads a block scalar
        // at the root differently.
        match list.first() {
            Some((Event::MappingStart(..) | Event::SequenceStart(..), _)) => Some(Events { list }),
            _ => None,
        }
    }

    /// The events in order, with their spans.
    pub fn iter(&self) -> impl Iterator<Item = (&Event<'t>, Span)> {
        self.list.iter().map(|(event, span)| (event, *span))
    }

    /// Reads the document into `T`, or `None` when it does not fit: the caller then asks
    /// serde_yaml, whose messages say why.
    pub fn deserialize<T: de::DeserializeOwned>(&self) -> Option<T> {
        let mut reader = Reader {
            events: &self.list,
            at: 0,
            depth: 0,
        };
        T::deserialize(&mut reader).ok()
    }
}

/// Whether `text` holds a tab (which saphyr accepts in some indentation libyaml refuses), a
/// character outside YAML's printable set (a C0 control other than line feed and carriage
/// return, DEL, a C1 control, U+FFFE or U+FFFF), a line break only YAML 1.1 has (NEL, U+2028,
/// U+2029), which libyaml breaks lines at and saphyr does not, or a byte-order mark past the
/// start of the file, which libyaml refuses where saphyr may take it for text.
fn has_character_read_differently(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Nearly every file has none: one pass over the bytes in blocks without an early exit, which
    // the compiler turns into vector instructions, finds the control bytes and C1 lead bytes.
    let suspect = |byte: u8| (byte < 0x20 && byte != b'\n' && byte != b'\r') || byte == 0x7F;
    let lead_of_c1 = |byte: u8| byte == 0xC2;
    let mut c1_possible = false;
    for block in bytes.chunks(64) {
        let (control, lead) = block.iter().fold((false, false), |(control, lead), &byte| {
            (control | suspect(byte), lead | lead_of_c1(byte))
        });
        if control {
            return true;
        }
        c1_possible |= lead;
    }
    // U+0080 to U+009F: C2 80 to C2 9F.
    (c1_possible && text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)))
        || ['\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}', '\u{ffff}']
            .iter()
            .any(|&c| text.contains(c))
}

/// serde_yaml refuses documents nested deeper than this; so does the fast path.
const MAX_NESTING: usize = 128;

/// A collection being read by [`Events::read`].
struct Open {
    /// For a mapping, whether its next node is a key; `None` for a sequence.
    key_next: Option<bool>,
    /// For a collection in brackets, the line of its opening bracket.
    flow_line: Option<usize>,
}

/// The fast path gave up; the message is never shown.
#[derive(Debug)]
pub struct GaveUp;

impl std::fmt::Display for GaveUp {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("the document does not fit the model")
    }
}

impl std::error::Error for GaveUp {}

impl de::Error for GaveUp {
    fn custom<T: std::fmt::Display>(_message: T) -> Self {
        GaveUp
    }
}

type Outcome<T> = Result<T, GaveUp>;

/// A cursor over the events, deserialising one node at a time.
struct Reader<'e, 't> {
    events: &'e [(Event<'t>, Span)],
    at: usize,
    depth: usize,
}

impl<'e, 't> Reader<'e, 't> {
    fn peek(&self) -> Outcome<&'e Event<'t>> {
        self.events
            .get(self.at)
            .map(|(event, _)| event)
            .ok_or(GaveUp)
    }

    fn next(&mut self) -> Outcome<&'e Event<'t>> {
        let event = self.peek()?;
        self.at += 1;
        Ok(event)
    }

    /// The next node, which must be a plain scalar: the only kind that reads as a number, a
    /// boolean or null.
    fn next_plain(&mut self) -> Outcome<&'e str> {
        match self.next()? {
            Event::Scalar(value, ScalarStyle::Plain, ..) => Ok(value),
            _ => Err(GaveUp),
        }
    }

    /// Enters a sequence or mapping whose start was just read, and leaves it after `read`,
    /// which must have taken every item: serde_yaml refuses items left over.
    fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Outcome<T>) -> Outcome<T> {
        if self.depth >= MAX_NESTING {
            return Err(GaveUp);
        }
        self.depth += 1;
        let value = read(self)?;
        self.depth -= 1;
        match self.next()? {
            Event::SequenceEnd | Event::MappingEnd => Ok(value),
            _ => Err(GaveUp),
        }
    }

    /// Passes over one node.
    fn skip(&mut self) -> Outcome<()> {
        let mut open = 0usize;
        loop {
            match self.next()? {
                Event::SequenceStart(..) | Event::MappingStart(..) => open += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    open = open.checked_sub(1).ok_or(GaveUp)?
                }
                _ => {}
            }
            if open == 0 {
                return Ok(());
            }
        }
    }
}

/// Whether a plain scalar reads as null, as serde_yaml reads it.
fn is_null(value: &str) -> bool {
    matches!(value, "" | "null" | "Null" | "NULL" | "~")
}

fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A leading zero followed by digits is a string in YAML 1.2, not an octal number.
fn digits_but_not_number(value: &str) -> bool {
    let value = value.strip_prefix(['-', '+']).unwrap_or(value);
    value.len() > 1 && value.starts_with('0') && value[1..].bytes().all(|b| b.is_ascii_digit())
}

/// An integer written in base 16, 8, 2 (`0x`, `0o`, `0b`) or 10, with an optional sign: the
/// forms serde_yaml reads. `unsigned` refuses a minus sign.
fn parse_int<T>(
    value: &str,
    unsigned: bool,
    from_str_radix: fn(&str, u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) if !unsigned => (true, rest),
        Some(_) => return None,
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    if digits.starts_with(['+', '-']) {
        return None;
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            let parsed = if negative {
                from_str_radix(&format!("-{rest}"), radix)
            } else {
                from_str_radix(rest, radix)
            };
            if let Ok(int) = parsed {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(value) {
        return None;
    }
    if negative {
        from_str_radix(value, 10).ok()
    } else {
        from_str_radix(digits, 10).ok()
    }
}

fn parse_float(value: &str) -> Option<f64> {
    let unsigned = match value.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => value,
    };
    match (unsigned, value) {
        (".inf" | ".Inf" | ".INF", _) => return Some(f64::INFINITY),
        (_, "-.inf" | "-.Inf" | "-.INF") => return Some(f64::NEG_INFINITY),
        (_, ".nan" | ".NaN" | ".NAN") => return Some(f64::NAN),
        _ => {}
    }
    unsigned
        .parse::<f64>()
        .ok()
        .filter(|float| float.is_finite())
}

/// A plain scalar as a self-describing value: null, boolean, integer, float, else text.
fn visit_plain<'de, V: Visitor<'de>>(visitor: V, value: &str) -> Outcome<V::Value> {
    if is_null(value) {
        return visitor.visit_unit();
    }
    if let Some(boolean) = parse_bool(value) {
        return visitor.visit_bool(boolean);
    }
    if let Some(int) = parse_int(value, true, u64::from_str_radix) {
        return visitor.visit_u64(int);
    }
    if value.starts_with('-')
        && let Some(int) = parse_int(value, false, i64::from_str_radix)
    {
        return visitor.visit_i64(int);
    }
    if let Some(int) = parse_int(value, true, u128::from_str_radix) {
        return visitor.visit_u128(int);
    }
    if value.starts_with('-')
        && let Some(int) = parse_int(value, false, i128::from_str_radix)
    {
        return visitor.visit_i128(int);
    }
    if !digits_but_not_number(value)
        && let Some(float) = parse_float(value)
    {
        return visitor.visit_f64(float);
    }
    visitor.visit_str(value)
}

impl<'de> de::Deserializer<'de> for &mut Reader<'_, '_> {
    type Error = GaveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        match self.next()? {
            Event::Scalar(value, ScalarStyle::Plain, ..) => visit_plain(visitor, value),
            Event::Scalar(value, ..) => visitor.visit_str(value),
            Event::SequenceStart(..) => self.nested(|reader| visitor.visit_seq(Items(reader))),
            Event::MappingStart(..) => self.nested(|reader| visitor.visit_map(Entries(reader))),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        visitor.visit_bool(parse_bool(self.next_plain()?).ok_or(GaveUp)?)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        let int = parse_int(self.next_plain()?, false, i64::from_str_radix).ok_or(GaveUp)?;
        visitor.visit_i64(int)
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        let int = parse_int(self.next_plain()?, false, i128::from_str_radix).ok_or(GaveUp)?;
        visitor.visit_i128(int)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        let int = parse_int(self.next_plain()?, true, u64::from_str_radix).ok_or(GaveUp)?;
        visitor.visit_u64(int)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        let int = parse_int(self.next_plain()?, true, u128::from_str_radix).ok_or(GaveUp)?;
        visitor.visit_u128(int)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        visitor.visit_f64(parse_float(self.next_plain()?).ok_or(GaveUp)?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_str(visitor)
    }

    /// Any scalar reads as text, quoted or not, as serde_yaml reads it.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        match self.next()? {
            Event::Scalar(value, ..) => visitor.visit_str(value),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Outcome<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Outcome<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        match self.peek()? {
            Event::Scalar(value, ScalarStyle::Plain, ..) if is_null(value) => {
                self.at += 1;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        if is_null(self.next_plain()?) {
            visitor.visit_unit()
        } else {
            Err(GaveUp)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Outcome<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Outcome<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    /// A sequence, or an empty plain scalar (`steps:` with nothing after it) as an empty one.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        match self.next()? {
            Event::SequenceStart(..) => self.nested(|reader| visitor.visit_seq(Items(reader))),
            Event::Scalar(value, ScalarStyle::Plain, ..) if value.is_empty() => {
                visitor.visit_seq(de::value::SeqDeserializer::new(std::iter::empty::<()>()))
            }
            _ => Err(GaveUp),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Outcome<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Outcome<V::Value> {
        self.deserialize_seq(visitor)
    }

    /// A mapping, or an empty plain scalar as an empty one.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        match self.next()? {
            Event::MappingStart(..) => self.nested(|reader| visitor.visit_map(Entries(reader))),
            Event::Scalar(value, ScalarStyle::Plain, ..) if value.is_empty() => visitor.visit_map(
                de::value::MapDeserializer::new(std::iter::empty::<((), ())>()),
            ),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Outcome<V::Value> {
        self.deserialize_map(visitor)
    }

    /// A unit variant written as a scalar; serde_yaml needs a tag for any other.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Outcome<V::Value> {
        match self.peek()? {
            Event::Scalar(..) => visitor.visit_enum(UnitVariant(self)),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Outcome<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }
}

/// The items of a sequence being read.
struct Items<'r, 'e, 't>(&'r mut Reader<'e, 't>);

impl<'de> de::SeqAccess<'de> for Items<'_, '_, '_> {
    type Error = GaveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Outcome<Option<T::Value>> {
        match self.0.peek()? {
            Event::SequenceEnd => Ok(None),
            _ => seed.deserialize(&mut *self.0).map(Some),
        }
    }
}

/// The entries of a mapping being read.
struct Entries<'r, 'e, 't>(&'r mut Reader<'e, 't>);

impl<'de> de::MapAccess<'de> for Entries<'_, '_, '_> {
    type Error = GaveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Outcome<Option<K::Value>> {
        match self.0.peek()? {
            Event::MappingEnd => Ok(None),
            _ => seed.deserialize(&mut *self.0).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Outcome<V::Value> {
        seed.deserialize(&mut *self.0)
    }
}

/// An enum written as the name of its variant.
struct UnitVariant<'r, 'e, 't>(&'r mut Reader<'e, 't>);

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, '_, '_> {
    type Error = GaveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Outcome<(V::Value, Self)> {
        Ok((seed.deserialize(&mut *self.0)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, '_, '_> {
    type Error = GaveUp;

    fn unit_variant(self) -> Outcome<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Outcome<T::Value> {
        Err(GaveUp)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Outcome<V::Value> {
        Err(GaveUp)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Outcome<V::Value> {
        Err(GaveUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Blueprint, Library};

    /// What serde_yaml reads `text` as, and what the fast path reads it as.
    fn both<T: de::DeserializeOwned>(text: &str) -> (Option<T>, Option<T>) {
        let fast = Events::read(text).and_then(|events| events.deserialize::<T>());
        (serde_yaml::from_str::<T>(text).ok(), fast)
    }

    #[test]
    fn plain_scalars_resolve_as_serde_yaml_resolves_them() {
        let scalars = [
            "0x1F",
            "-0x1F",
            "0o17",
            "-0o17",
            "0b101",
            "-0b101",
            "+5",
            "-5",
            "++5",
            "+-5",
            "-+5",
            "0x-5",
            "0x",
            "007",
            "-007",
            "+007",
            "0",
            "-0",
            "1e3",
            "-1.5e-3",
            "1.",
            ".5",
            "1e400",
            ".inf",
            "+.inf",
            "-.Inf",
            ".NAN",
            "+.nan",
            "inf",
            "nan",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "yes",
            "no",
            "on",
            "12:30",
            "1_000",
            "99999999999999999999",
            "-99999999999999999999",
            "999999999999999999999999999999999999999999",
            "2026-12-01",
            "3 分钟",
            "客户",
            "0.5",
            "1,000",
        ];
        for scalar in scalars {
            let text = format!("plain: {scalar}\nquoted: '{scalar}'\nlist: [{scalar}]\n");
            let (slow, fast) = both::<serde_yaml::Value>(&text);
            // Debug output tells a NaN from another NaN and a u64 from an f64.
            assert_eq!(format!("{slow:?}"), format!("{fast:?}"), "{scalar}");
        }
    }

    #[test]
    fn what_saphyr_reads_and_libyaml_refuses_is_left_to_serde_yaml() {
        for character in [
            '\u{1}', '\u{7f}', '\u{80}', '\u{9f}', '\u{fffe}', '\u{ffff}',
        ] {
            let text = format!("text: a{character}b\n");
            assert!(has_character_read_differently(&text), "{character:?}");
            assert!(Events::read(&text).is_none(), "{character:?}");
            assert!(
                serde_yaml::from_str::<serde_yaml::Value>(&text).is_err(),
                "{character:?}"
            );
        }
        // saphyr reads this tab as text, libyaml refuses it.
        let tab = "notes: |\n     \t 称呼\n";
        assert!(Events::read(tab).is_none());
        assert!(serde_yaml::from_str::<serde_yaml::Value>(tab).is_err());
        // Inside brackets, saphyr reads these as text, libyaml refuses them.
        for text in ["target: { within: > 10m }", "list: [ |a ]", "list: [ :a ]"] {
            assert!(Events::read(text).is_none(), "{text}");
            assert!(
                serde_yaml::from_str::<serde_yaml::Value>(text).is_err(),
                "{text}"
            );
        }
        let anchor = "moment: &客户 满意\n";
        assert!(Events::read(anchor).is_none());
        assert!(serde_yaml::from_str::<serde_yaml::Value>(anchor).is_err());
        // libyaml breaks lines at these, saphyr does not; libyaml refuses a byte-order mark
        // anywhere but at the start of the file (which the loader strips).
        for character in ['\u{85}', '\u{2028}', '\u{2029}', '\u{feff}'] {
            let text = format!("? a{character}b\n");
            assert!(Events::read(&text).is_none(), "{character:?}");
        }
        let marked_line = "a: 1\n\u{feff}b: 2\n";
        assert!(Events::read(marked_line).is_none());
        assert!(serde_yaml::from_str::<serde_yaml::Value>(marked_line).is_err());
        for character in ['\u{a0}', '，', '\u{fffd}', '😀', '“', '…'] {
            let text = format!("text: a{character}b\n");
            assert!(!has_character_read_differently(&text), "{character:?}");
        }
    }

    #[test]
    fn quoted_folded_and_block_text_reads_as_serde_yaml_reads_it() {
        let documents = [
            "a: \"\\x41\\u4e2d\\U0001F600\\t\\n\\\"\\\\\\/\\N\\_\\L\\P\\e\\0\"\n",
            "a: \"one \\\n  two\"\n",
            "a: \"one\n\n  two\n  \"\n",
            "a: 'it''s\n  folded\n\n  kept'\n",
            "a: plain\n  folded\n\n  twice # comment\n",
            "a: |\n  keep\n   indented\n\n\nb: x\n",
            "a: |-\n  strip\n\n",
            "a: |+\n  keep\n\n\nb: x\n",
            "a: >\n  folded\n  line\n\n   more\n  back\n",
            "a: |2\n    indented\n",
            "a: >-\n\n  leading blank\n",
            "- [a, b, {c: d}]\n- {e: [f], g: }\n- ? complex\n  : value\n",
            "a: 客户：您好，请问\n  有什么可以帮您？\n",
            "a: b\r\nc: |\r\n  crlf\r\n  lines\r\n",
        ];
        for text in documents {
            let (slow, fast) = both::<serde_yaml::Value>(text);
            assert!(slow.is_some(), "{text:?}");
            assert_eq!(format!("{slow:?}"), format!("{fast:?}"), "{text:?}");
        }
    }

    #[test]
    fn typed_values_take_the_forms_serde_yaml_takes() {
        #[derive(Debug, serde::Deserialize, PartialEq)]
        struct Typed {
            count: Option<u32>,
            signed: Option<i64>,
            ratio: Option<f64>,
            flag: Option<bool>,
            text: Option<String>,
            list: Option<Vec<String>>,
            unit: Option<()>,
        }
        let cases = [
            "count: 3",
            "count: '3'",
            "count: -3",
            "count: 0x10",
            "count: 3.0",
            "count: ~",
            "signed: -0x10",
            "signed: +7",
            "signed: 07",
            "ratio: 3",
            "ratio: '0.5'",
            "ratio: .inf",
            "flag: true",
            "flag: 'true'",
            "flag: yes",
            "text: 12",
            "text: true",
            "text: ~",
            "text: ''",
            "text: [a]",
            "list:",
            "list: a",
            "list: []",
            "unit: null",
            "unit: ''",
            "unit: 0",
            "count:",
            "text:",
            "other: 1",
            "count: 1\ncount: 2",
            "",
            "~",
            "[]",
            "--- {}\n--- {}",
            "a: &x 1\nb: *x",
            "count: !!int 3",
        ];
        for case in cases {
            let (slow, fast) = both::<Typed>(case);
            match slow {
                // The fast path may stand aside, never read something else.
                Some(slow) => assert!(fast.is_none() || fast == Some(slow), "{case}"),
                None => assert_eq!(fast, None, "{case}"),
            }
        }
        // The usual forms are read by the fast path itself.
        for case in [
            "count: 3",
            "signed: -0x10",
            "flag: true",
            "text: 12",
            "list:",
            "unit: ~",
        ] {
            assert!(both::<Typed>(case).1.is_some(), "{case}");
        }
    }

    /// Every YAML file of the repository reads into the same model both ways, or both refuse
    /// it (broken fixtures included).
    #[test]
    fn every_bundled_and_fixture_file_reads_the_same_both_ways() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack: Vec<_> = ["blueprints", "libraries", "audits", "tests/fixtures"]
            .iter()
            .map(|folder| root.join(folder))
            .collect();
        let mut read_fast = 0;
        while let Some(folder) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let is_yaml = path
                    .extension()
                    .is_some_and(|extension| extension == "yaml");
                let Some(bytes) = is_yaml.then(|| std::fs::read(&path).ok()).flatten() else {
                    continue;
                };
                // As every file is read: a byte-order mark at its start is stripped.
                let Ok(text) = super::super::decode(&bytes) else {
                    continue;
                };
                let json = |value: &Option<Blueprint>| serde_json::to_string(value).ok();
                let (slow, fast) = both::<Blueprint>(text);
                let shown = path.display();
                if slow.is_some() && fast.is_some() {
                    read_fast += 1;
                }
                assert!(
                    fast.is_none() || json(&slow) == json(&fast),
                    "{shown}: the fast path read another blueprint"
                );
                assert!(
                    slow.is_some() || fast.is_none(),
                    "{shown}: read only by the fast path"
                );
                let (slow, fast) = both::<Library>(text);
                let json = |value: &Option<Library>| value.as_ref().map(|l| format!("{l:?}"));
                assert!(
                    fast.is_none() || json(&slow) == json(&fast),
                    "{shown}: library"
                );
                assert!(
                    slow.is_some() || fast.is_none(),
                    "{shown}: library read only fast"
                );
            }
        }
        assert!(read_fast > 50, "only {read_fast} files took the fast path");
    }
}
