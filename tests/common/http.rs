//! Loopback HTTP servers for the tests (wiremock on 127.0.0.1): the setup
//! most tests repeat, a server answering a few paths with fixed responses.
//! Tests that need a matcher on headers or method, a count (`expect`,
//! `up_to_n_times`) or a responder with state mount their own mocks.

use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A started server answering each `(path, response)` to any method, the
/// routes mounted in order (so an earlier one wins where two match).
pub async fn serve<'a>(
    routes: impl IntoIterator<Item = (&'a str, ResponseTemplate)>,
) -> MockServer {
    let server = MockServer::start().await;
    for (route, response) in routes {
        Mock::given(path(route))
            .respond_with(response)
            .mount(&server)
            .await;
    }
    server
}

/// [`serve`] with one route.
pub async fn serve_one(route: &str, response: ResponseTemplate) -> MockServer {
    serve([(route, response)]).await
}
