//! The embedded Fluent catalogues, parsed once per language on first use.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Lang;

/// Each language's catalogue, as shipped in `locales/<tag>/keruen.ftl`.
pub(super) fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../locales/en/keruen.ftl"),
        Lang::Kk => include_str!("../../locales/kk/keruen.ftl"),
        Lang::Ru => include_str!("../../locales/ru/keruen.ftl"),
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match lang {
        Lang::En => &BUNDLES[0],
        Lang::Kk => &BUNDLES[1],
        Lang::Ru => &BUNDLES[2],
    };
    slot.get_or_init(|| build(lang))
}

fn build(lang: Lang) -> FluentBundle<FluentResource> {
    // The tags are constants and the catalogues are ours, checked by the
    // tests to parse without error; a damaged catalogue still yields every
    // message that did parse (Fluent recovers per entry).
    let langid = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(source(lang).to_string()) {
        Ok(r) => r,
        Err((partial, _errors)) => partial,
    };
    // Duplicate ids are a catalogue bug the tests catch; keep the first.
    let _ = bundle.add_resource(resource);
    bundle
}

/// `id` formatted in `lang`, or `None` when the catalogue lacks it.
pub(super) fn format(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(id)?.value()?;
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    Some(text.into_owned())
}

/// What went wrong formatting `id` in `lang` (missing references, unknown
/// variables); empty when it formats cleanly. For the catalogue tests.
#[cfg(test)]
pub(super) fn format_errors(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> Vec<String> {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return vec![format!("no message {id}")];
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let _ = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    errors.into_iter().map(|e| e.to_string()).collect()
}
