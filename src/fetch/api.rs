//! Requests to server APIs (sync): a GET or a POST with a form or JSON
//! body, through the same client, timeouts, redirect policy and body cap as
//! a feed fetch. Unlike a feed fetch, every status comes back with its
//! (capped) body, since an API's 401 or 404 means something to its caller.

use reqwest::header::{self, HeaderValue};
use tokio::time::Instant;
use url::Url;

use super::errors;
use super::http::read_capped;
use super::{FetchFailure, Fetcher};

/// GET (reads) or POST (writes, and APIs that take their key in the body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiMethod {
    Get,
    Post,
}

/// The body of an API request.
#[derive(Debug, Clone)]
pub enum ApiBody {
    None,
    /// `application/x-www-form-urlencoded` pairs (a key may repeat).
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
}

/// An API answer of any status, its body read within the cap.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    pub bytes: Vec<u8>,
}

impl Fetcher {
    /// One API call, bounded like a feed fetch (connect, read and total
    /// timeouts; the body cap after decompression). `auth` is sent as the
    /// Authorization header when given. No retries: a sync is retried as a
    /// whole, and a POST is not always safe to repeat.
    pub async fn api(
        &self,
        method: ApiMethod,
        url: &Url,
        auth: Option<&str>,
        body: ApiBody,
    ) -> Result<ApiResponse, FetchFailure> {
        let settings = &*self.settings;
        let deadline = Instant::now() + settings.total_timeout;
        let mut builder = self
            .client
            .request(
                match method {
                    ApiMethod::Get => reqwest::Method::GET,
                    ApiMethod::Post => reqwest::Method::POST,
                },
                url.clone(),
            )
            .header(
                header::ACCEPT,
                HeaderValue::from_static("application/json, */*;q=0.5"),
            );
        if let Some(auth) = auth.and_then(|a| HeaderValue::from_str(a).ok()) {
            builder = builder.header(header::AUTHORIZATION, auth);
        }
        builder = match body {
            ApiBody::None => builder,
            ApiBody::Form(pairs) => {
                let text = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(&pairs)
                    .finish();
                builder
                    .header(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/x-www-form-urlencoded"),
                    )
                    .body(text)
            }
            ApiBody::Json(value) => builder
                .header(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )
                .body(value.to_string()),
        };
        let call = async {
            let response = builder
                .send()
                .await
                .map_err(|err| errors::classify(&err, settings, url))?;
            let status = response.status().as_u16();
            let bytes = read_capped(response, settings, url).await?;
            Ok(ApiResponse { status, bytes })
        };
        match tokio::time::timeout_at(deadline, call).await {
            Ok(result) => result,
            Err(_elapsed) => Err(errors::total_timeout(settings)),
        }
    }
}
