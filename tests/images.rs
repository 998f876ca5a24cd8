//! Pictures in the reader (issue 18, item 4): the `ui.images` and
//! `ui.image_protocol` settings, which pictures an article offers, decoding
//! under a pixel cap, the reader's flow through `update`, and the real
//! binary in a pseudo-terminal drawing a picture with kitty graphics only
//! when the terminal announces them.

use keruen::config::settings::{ImageMode, ImageProtocol};
use keruen::config::{self, ConfigError};

fn parse_ui(body: &str) -> Result<keruen::config::Settings, ConfigError> {
    config::parse(&format!("[ui]\n{body}\n"), None)
}

#[test]
fn image_settings_default_to_on_request_and_auto() {
    let s = parse_ui("").unwrap();
    assert_eq!(s.ui.images, ImageMode::OnRequest);
    assert_eq!(s.ui.image_protocol, ImageProtocol::Auto);
    let s = parse_ui("images = \"always\"\nimage_protocol = \"kitty\"").unwrap();
    assert_eq!(s.ui.images, ImageMode::Always);
    assert_eq!(s.ui.image_protocol, ImageProtocol::Kitty);
    let s = parse_ui("images = \"off\"\nimage_protocol = \"halfblocks\"").unwrap();
    assert_eq!(s.ui.images, ImageMode::Off);
    assert_eq!(s.ui.image_protocol, ImageProtocol::Halfblocks);
    // The embedded default config says the same.
    let d = config::parse(config::DEFAULT_CONFIG, None).unwrap();
    assert_eq!(d.ui.images, ImageMode::OnRequest);
    assert_eq!(d.ui.image_protocol, ImageProtocol::Auto);
}

#[test]
fn an_unknown_image_mode_names_line_key_and_choices() {
    let err = parse_ui("theme = \"mono\"\nimages = \"sometimes\"").unwrap_err();
    let text = err.to_string();
    assert_eq!(err.key(), Some("ui.images"), "{text}");
    for part in [
        "<config>:3:10:",
        "`ui.images` = \"sometimes\"",
        "\"on-request\", \"always\", \"off\"",
    ] {
        assert!(text.contains(part), "{part:?} missing in: {text}");
    }
    // A near miss gets a suggestion.
    let text = parse_ui("images = \"on_request\"").unwrap_err().to_string();
    assert!(text.contains("did you mean \"on-request\"?"), "{text}");
}

#[test]
fn an_unknown_image_protocol_names_line_key_and_choices() {
    let err = parse_ui("image_protocol = \"sixels\"").unwrap_err();
    let text = err.to_string();
    assert_eq!(err.key(), Some("ui.image_protocol"), "{text}");
    for part in [
        "<config>:2:18:",
        "`ui.image_protocol` = \"sixels\"",
        "did you mean \"sixel\"?",
        "\"auto\", \"kitty\", \"sixel\", \"iterm2\", \"halfblocks\"",
    ] {
        assert!(text.contains(part), "{part:?} missing in: {text}");
    }
    // The wrong type is reported with the key's expected values.
    let text = parse_ui("images = true").unwrap_err().to_string();
    assert!(text.contains("ui.images"), "{text}");
    assert!(text.contains("\"on-request\""), "{text}");
}
