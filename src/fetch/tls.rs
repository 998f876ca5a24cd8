//! The TLS setup every HTTP client of the process shares, built once.
//!
//! Why: building it reads and parses the system's root certificates
//! (rustls-platform-verifier, as reqwest does by default): ~5 ms of CPU,
//! which reqwest did again for each client it built (the fetcher has two),
//! on the main thread before anything else could start: ~10 ms at the
//! start of every refresh and of the reader (docs/performance.md, "First
//! refresh: the serial start and end"). Built once here, shared by every
//! client, and begun on a thread of its own as soon as a command that
//! fetches is known ([`prepare_in_background`]), it is ready by the time
//! the configuration is read and the cache opened.
//!
//! What reqwest would have built is kept: its ring provider, TLS 1.2 and
//! 1.3, the platform's verifier, SNI, and ALPN offering HTTP/2 then
//! HTTP/1.1 (reqwest uses a preconfigured setup as given).

use std::sync::{Arc, OnceLock};

use rustls::ClientConfig;

use super::FetchSetupError;

static CONFIG: OnceLock<Result<ClientConfig, String>> = OnceLock::new();

/// Start building the shared setup on its own thread; [`config`] waits for
/// it if it is not done. Harmless to call more than once.
pub fn prepare_in_background() {
    if CONFIG.get().is_some() {
        return;
    }
    // If the thread cannot start, `config` builds it when first asked.
    let _ = std::thread::Builder::new()
        .name("keruen-tls".into())
        .spawn(|| CONFIG.get_or_init(build));
}

/// The shared setup, for `reqwest::ClientBuilder::tls_backend_preconfigured`.
pub(super) fn config() -> Result<ClientConfig, FetchSetupError> {
    CONFIG
        .get_or_init(build)
        .clone()
        .map_err(FetchSetupError::Client)
}

fn build() -> Result<ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // Anything else of the process using rustls gets the same provider.
    let _already_installed = provider.as_ref().clone().install_default();
    let verifier =
        rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| e.to_string())?;
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_setup_for_the_process_offering_http2_then_http1() {
        prepare_in_background();
        let a = config().unwrap();
        let b = config().unwrap();
        assert_eq!(a.alpn_protocols, [b"h2".to_vec(), b"http/1.1".to_vec()]);
        assert!(a.enable_sni);
        // Clones of one setup, not two builds.
        assert!(Arc::ptr_eq(a.crypto_provider(), b.crypto_provider()));
    }
}
