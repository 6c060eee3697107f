//! Languages of user-facing text.
//!
//! Every word frontline shows a person exists in Simplified Chinese and English; the caller picks
//! one [`Locale`] per run and every message is rendered in it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language frontline can speak.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
pub enum Locale {
    /// Simplified Chinese, as written in mainland China.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    #[default]
    En,
}

impl Locale {
    /// The tag used in blueprints, config files and on the command line.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Parses a tag as written by a person: `zh-CN`, `zh`, `en`, case-insensitive.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        match tag.to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh_cn" | "zh-hans" => Some(Locale::ZhCn),
            "en" | "en-us" | "en-gb" | "en_us" | "en_gb" => Some(Locale::En),
            _ => None,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A text given in both languages, chosen at display time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Localized {
    /// The English text.
    pub en: String,
    /// The Simplified Chinese text.
    pub zh: String,
}

impl Localized {
    /// Builds a text from its two translations.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Localized {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in `locale`.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh,
            Locale::En => &self.en,
        }
    }
}

/// A static text in both languages, for catalogues compiled into the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bilingual {
    /// The English text.
    pub en: &'static str,
    /// The Simplified Chinese text.
    pub zh: &'static str,
}

impl Bilingual {
    /// The text in `locale`.
    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh,
            Locale::En => self.en,
        }
    }
}

/// Builds a [`Localized`] message with `format!` syntax for each language.
#[macro_export]
macro_rules! tr {
    (en: $($en:expr),+ ; zh: $($zh:expr),+ $(;)?) => {
        $crate::i18n::Localized::new(format!($($en),+), format!($($zh),+))
    };
}
