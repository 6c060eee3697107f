//! Which file a request names, decided before any file is touched: a URL path is decoded once,
//! and any form of `..`, backslash, drive or hidden name is refused, so that no request reaches
//! a file outside the build folder, however it is spelt.

use std::path::{Path, PathBuf};

/// The prefix of the preview's own endpoints; no built file has it, since output names are ids.
pub const RESERVED_PREFIX: &str = "/__frontline/";

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Mapped {
    /// A file inside the build folder (links resolved).
    File(PathBuf),
    /// A folder asked for without its final `/`: relative links in its page need the slash.
    AddSlash(String),
    /// A blueprint's folder, which has no page of its own: its manual is the page to open.
    Manual(String),
    /// Nothing there.
    NotFound,
    /// A path that could name something outside the build folder, or is not a path at all.
    BadRequest,
}

/// Maps a request target (`/car/manual.html?x`) to a file below `root`.
pub fn map(root: &Path, target: &str) -> Mapped {
    let Some(relative) = relative_path(target) else {
        return Mapped::BadRequest;
    };
    let candidate = root.join(&relative);
    // The folder is replaced whole at every build: resolve both ends of the comparison now.
    let (Ok(root), Ok(real)) = (root.canonicalize(), candidate.canonicalize()) else {
        return Mapped::NotFound;
    };
    if !real.starts_with(&root) {
        return Mapped::NotFound;
    }
    if real.is_file() {
        return Mapped::File(real);
    }
    if !real.is_dir() {
        return Mapped::NotFound;
    }
    let path = path_part(target);
    let inside = |name: &str| {
        real.join(name)
            .canonicalize()
            .ok()
            .filter(|file| file.starts_with(&root) && file.is_file())
    };
    let Some(index) = inside("index.html") else {
        return match inside(MANUAL) {
            Some(_) => Mapped::Manual(format!("{}/{MANUAL}", path.trim_end_matches('/'))),
            None => Mapped::NotFound,
        };
    };
    if !relative.as_os_str().is_empty() && !path.ends_with('/') {
        return Mapped::AddSlash(format!("{path}/"));
    }
    Mapped::File(index)
}

/// The page a blueprint's folder opens.
const MANUAL: &str = "manual.html";

/// The request target without its query and fragment.
pub fn path_part(target: &str) -> &str {
    target.split(['?', '#']).next().unwrap_or_default()
}

/// The decoded path of a request below the site's root, or `None` when it is not a plain path
/// made of visible names: no `.` or `..` segment, no backslash, no drive, no NUL, no hidden
/// name, in the raw text or after percent-decoding.
pub fn relative_path(target: &str) -> Option<PathBuf> {
    let raw = path_part(target);
    if !raw.starts_with('/') || raw.contains('\\') {
        return None;
    }
    let decoded = String::from_utf8(percent_decode(raw)?).ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|segment| !segment.is_empty()) {
        let refused = segment.starts_with('.')
            || segment.contains(['\\', ':', '\0'])
            || segment.chars().any(char::is_control);
        if refused {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

/// `%XX` escapes turned into bytes; `None` when an escape is cut short or not hexadecimal.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = bytes.get(index + 1..index + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    Some(decoded)
}

/// Whether a request's `Host` names this computer. A preview on loopback answers only such
/// requests: a web page elsewhere could otherwise point a name of its own at 127.0.0.1 (DNS
/// rebinding) and read the preview through the trainer's browser.
pub fn names_this_computer(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _port)| name),
    };
    let name = name.to_ascii_lowercase();
    let name = name.trim_end_matches('.');
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The `Content-Type` of a built file, by its extension; every text type says UTF-8.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        // Mermaid has no registered type: plain text is shown by every browser.
        "mmd" | "txt" => "text/plain; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_map_below_the_root() {
        assert_eq!(relative_path("/"), Some(PathBuf::new()));
        assert_eq!(
            relative_path("/car-service/manual.html?reload=1#step-2"),
            Some(PathBuf::from("car-service/manual.html"))
        );
        assert_eq!(
            relative_path("/car%2Dservice//swimlane.svg"),
            Some(PathBuf::from("car-service/swimlane.svg"))
        );
        assert_eq!(
            relative_path("/%E6%B1%BD%E8%BD%A6/"),
            Some(PathBuf::from("汽车"))
        );
    }

    #[test]
    fn traversal_in_any_spelling_is_refused() {
        for target in [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fetc%2fpasswd",
            "/..%2f..%2fetc/passwd",
            "/.%2e/x",
            "/./index.html",
            "\\..\\Cargo.toml",
            "/\\..\\Cargo.toml",
            "/%5c..%5cCargo.toml",
            "/C:/Windows/win.ini",
            "/a%00.html",
            "/.frontline-site",
            "/%zz",
            "/%2",
            "/%ff%fe",
            "http://example.org/index.html",
            "*",
            "",
        ] {
            assert_eq!(relative_path(target), None, "{target}");
        }
    }

    #[test]
    fn links_leading_out_of_the_root_are_not_followed() {
        let outside = tempfile::tempdir().expect("temp");
        std::fs::write(outside.path().join("secret.txt"), "secret").expect("write");
        let site = tempfile::tempdir().expect("temp");
        std::fs::write(site.path().join("index.html"), "<p>home</p>").expect("write");
        std::fs::create_dir(site.path().join("car")).expect("mkdir");
        std::fs::create_dir(site.path().join("empty")).expect("mkdir");
        std::fs::create_dir(site.path().join("audits")).expect("mkdir");
        std::fs::write(site.path().join("car/manual.html"), "<p>car</p>").expect("write");
        std::fs::write(site.path().join("audits/index.html"), "<p>audits</p>").expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), site.path().join("out")).expect("link");
        let root = site.path();
        let real_root = root.canonicalize().expect("root");
        assert_eq!(map(root, "/"), Mapped::File(real_root.join("index.html")));
        let manual = Mapped::Manual("/car/manual.html".to_owned());
        assert_eq!(map(root, "/car"), manual);
        assert_eq!(map(root, "/car/"), manual);
        assert_eq!(map(root, "/car//"), manual);
        assert_eq!(
            map(root, "/audits"),
            Mapped::AddSlash("/audits/".to_owned())
        );
        assert_eq!(
            map(root, "/audits/"),
            Mapped::File(real_root.join("audits/index.html"))
        );
        assert_eq!(map(root, "/empty/"), Mapped::NotFound);
        assert_eq!(map(root, "/missing.html"), Mapped::NotFound);
        assert_eq!(map(root, "/../secret.txt"), Mapped::BadRequest);
        #[cfg(unix)]
        assert_eq!(map(root, "/out/secret.txt"), Mapped::NotFound);
    }

    #[test]
    fn only_names_of_this_computer_pass_as_host() {
        for host in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST",
            "preview.localhost:3000",
            "[::1]:3000",
            "127.0.0.2",
        ] {
            assert!(names_this_computer(host), "{host}");
        }
        for host in [
            "evil.example:3000",
            "localhost.evil.example",
            "192.168.1.5:3000",
            "[2001:db8::1]:3000",
            "",
        ] {
            assert!(!names_this_computer(host), "{host}");
        }
    }

    #[test]
    fn text_types_say_utf_8() {
        assert_eq!(
            content_type(Path::new("a/manual.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a/swimlane.svg")),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a/standards.csv")),
            "text/csv; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a/manual.md")),
            "text/markdown; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a/swimlane.mmd")),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a/.frontline-site")),
            "application/octet-stream"
        );
    }
}
