//! The live-reload script, added to HTML responses as they are sent (never to the files on
//! disk). Built pages carry a strict Content-Security-Policy in a `<meta>` tag that forbids every
//! script; a policy in a header could only narrow it further, so the served copy's own policy is
//! widened by exactly one nonce for the one script, and by `connect-src 'self'` for its status
//! requests.

/// The script that waits for the next build and reloads the page once the site has been
/// written again, and shows over it the findings that concern it: its own blueprint's, or all
/// of them on the site's own pages and when the build stopped. `__BUILD__` is the build the
/// page was sent in, `__BLUEPRINT__` the id of its blueprint (`null` for the site's pages). It
/// builds the overlay with DOM calls and `textContent` only, so a finding's text can never
/// become markup, and styles it through the style object, which a policy without inline styles
/// still allows.
const LIVE_SCRIPT: &str = include_str!("live.js");

/// `html` with the live script (carrying `nonce`) before its last `</body>`, or at its end,
/// and every Content-Security-Policy `<meta>` tag widened to let that one script run. `blueprint`
/// is the id of the blueprint the page belongs to, if any: its page shows only its findings.
pub fn inject(html: &str, build: u64, blueprint: Option<&str>, nonce: &str) -> String {
    let html = widen_policies(html, nonce);
    // Ids are made of letters, digits and dashes; `<` is escaped all the same, so that no id
    // could ever end the script.
    let blueprint = serde_json::to_string(&blueprint)
        .unwrap_or_else(|_| "null".to_owned())
        .replace('<', "\\u003c");
    let script = format!(
        "<script nonce=\"{nonce}\">{}</script>",
        LIVE_SCRIPT
            .replace("__BUILD__", &build.to_string())
            .replace("__BLUEPRINT__", &blueprint)
    );
    let at = rfind_ignore_case(&html, "</body>").unwrap_or(html.len());
    let mut served = String::with_capacity(html.len() + script.len());
    served.push_str(&html[..at]);
    served.push_str(&script);
    served.push_str(&html[at..]);
    served
}

/// Rewrites the `content` of each `<meta http-equiv="Content-Security-Policy">` tag.
fn widen_policies(html: &str, nonce: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut done = 0;
    while let Some(found) = lower[done..].find("<meta") {
        let start = done + found;
        let Some(length) = html[start..].find('>') else {
            break;
        };
        out.push_str(&html[done..start]);
        out.push_str(&widen_tag(&html[start..start + length], nonce));
        done = start + length;
    }
    out.push_str(&html[done..]);
    out
}

/// One `<meta …` tag (without its `>`), its policy widened if it is a CSP tag.
fn widen_tag(tag: &str, nonce: &str) -> String {
    let is_policy = attribute(tag, "http-equiv")
        .is_some_and(|(_, _, value)| value.trim().eq_ignore_ascii_case("content-security-policy"));
    match attribute(tag, "content") {
        Some((range, quote, policy)) if is_policy => {
            let widened = widen_policy(policy, nonce);
            // The new sources' quotes must not end the attribute they are written in.
            let widened = match quote {
                '\'' => widened.replace('\'', "&#39;"),
                _ => widened,
            };
            format!("{}{}{}", &tag[..range.start], widened, &tag[range.end..])
        }
        _ => tag.to_owned(),
    }
}

/// The byte range, quote and text of a quoted attribute's value in a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<(std::ops::Range<usize>, char, &'t str)> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = lower[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = tag[tag.len() - after.len() + 1..].trim_start();
        let value_start = tag.len() - value.len();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let end = value[1..].find(quote)?;
        let range = value_start + 1..value_start + 1 + end;
        return Some((range.clone(), quote, &tag[range]));
    }
    None
}

/// A policy that also lets the script with `nonce` run and fetch from its own origin. A
/// directive that is absent falls back to `default-src`, so it is written out from it; with
/// neither, the policy does not restrict that kind and stays as it is.
pub fn widen_policy(policy: &str, nonce: &str) -> String {
    let mut directives: Vec<(String, Vec<String>)> = policy
        .split(';')
        .filter_map(|directive| {
            let mut words = directive.split_ascii_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(str::to_owned).collect()))
        })
        .collect();
    let default = directives
        .iter()
        .find(|(name, _)| name == "default-src")
        .map(|(_, sources)| sources.clone());
    let nonce_source = format!("'nonce-{nonce}'");
    for (directive, source) in [
        ("script-src", nonce_source.as_str()),
        ("script-src-elem", nonce_source.as_str()),
        ("connect-src", "'self'"),
    ] {
        match directives.iter_mut().find(|(name, _)| name == directive) {
            Some((_, sources)) => add_source(sources, source),
            // `script-src-elem` falls back to `script-src`, which is handled on its own.
            None if directive == "script-src-elem" => {}
            None => {
                if let Some(mut sources) = default.clone() {
                    add_source(&mut sources, source);
                    directives.push((directive.to_owned(), sources));
                }
            }
        }
    }
    directives
        .iter()
        .map(|(name, sources)| {
            std::iter::once(name.as_str())
                .chain(sources.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Adds a source to a directive's list; `'none'` goes, since it only means "nothing else".
fn add_source(sources: &mut Vec<String>, source: &str) {
    sources.retain(|existing| !existing.eq_ignore_ascii_case("'none'"));
    if !sources.iter().any(|existing| existing == source) {
        sources.push(source.to_owned());
    }
}

fn rfind_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().rfind(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>Manual</title>\n</head>\n<body>\n<p>text</p>\n</body>\n</html>\n";

    #[test]
    fn the_script_goes_before_the_body_ends_and_the_policy_admits_only_it() {
        let served = inject(PAGE, 7, Some("car-service"), "abc123");
        assert!(served.contains(
            "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-abc123'; connect-src 'self'\""
        ));
        let script = served.find("<script nonce=\"abc123\">").expect("script");
        assert!(script > served.find("<p>text</p>").expect("body text"));
        assert!(served[script..].ends_with("</script></body>\n</html>\n"));
        assert!(served.contains("const loaded = 7;"));
        assert!(served.contains("const own = \"car-service\";"));
        assert_eq!(served.matches("<script").count(), 1);
        assert!(!served.contains("__BUILD__"));
        assert!(!served.contains("__BLUEPRINT__"));
    }

    #[test]
    fn a_page_without_body_tag_or_policy_gets_the_script_at_its_end() {
        let served = inject("<p>bare</p>", 1, None, "n");
        assert!(served.starts_with("<p>bare</p><script nonce=\"n\">"));
        assert!(served.ends_with("</script>"));
    }

    #[test]
    fn existing_script_and_connect_sources_are_kept_and_none_dropped() {
        assert_eq!(
            widen_policy("script-src 'none'; connect-src https://a.example", "n"),
            "script-src 'nonce-n'; connect-src https://a.example 'self'"
        );
        assert_eq!(
            widen_policy("default-src 'self'; script-src-elem 'self'", "n"),
            "default-src 'self'; script-src-elem 'self' 'nonce-n'; script-src 'self' 'nonce-n'; connect-src 'self'"
        );
        // No directive restricts scripts: nothing to widen.
        assert_eq!(widen_policy("img-src data:", "n"), "img-src data:");
    }

    #[test]
    fn other_meta_tags_are_left_and_single_quoted_policies_stay_one_attribute() {
        let page = "<META name=\"content\" content=\"x\"><metadata/><meta http-equiv='Content-Security-Policy' content='default-src https:'></body>";
        let served = inject(page, 2, None, "q");
        assert!(served.starts_with("<META name=\"content\" content=\"x\"><metadata/>"));
        assert!(served.contains(
            "content='default-src https:; script-src https: &#39;nonce-q&#39;; connect-src https: &#39;self&#39;'>"
        ));
    }
}
