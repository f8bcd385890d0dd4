//! The dev server's HTTP side: axum with tower-http's `ServeDir` over the
//! server's private mirror of the site, a middleware that adds the reload
//! script and error overlay to HTML, and server-sent reload events.

use super::inject;
use crate::diagnostic::Diagnostic;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use tokio::sync::watch;
use tower_http::services::{ServeDir, ServeFile};

/// What a page needs to know about the last rebuild.
#[derive(Clone, Debug, Default)]
pub struct Status {
    pub version: u64,
    /// Errors of the last rebuild; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    /// Some build has succeeded: the mirror holds a site.
    pub has_site: bool,
    /// The last rebuild changed stylesheets only.
    pub css_only: bool,
    /// URL paths of the pages the last rebuild changed, when it is worth
    /// telling: a browser showing another page need not reload. `None`:
    /// every page reloads.
    pub pages: Option<Vec<String>>,
}

#[derive(Clone)]
pub struct AppState {
    pub status: watch::Receiver<Arc<Status>>,
    pub shutdown: watch::Receiver<bool>,
    /// The mirror's real path: what is served must lie inside it.
    pub mirror: Arc<PathBuf>,
    /// Host names answered besides IP literals and `localhost`, as
    /// [`host_name`] gives them.
    pub allowed_hosts: Arc<[String]>,
    /// The server's own URL, for the refusal of another host.
    pub url: Arc<str>,
}

pub fn router(mirror: &Path, state: AppState) -> Router {
    let files = ServeDir::new(mirror)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(mirror.join("404.html")));
    Router::new()
        .route(inject::EVENTS_PATH, get(events))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(state.clone(), decorate))
        // Outermost: no file, page or reload event goes to another host.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            only_own_hosts,
        ))
        .with_state(state)
}

/// The host name of a `Host` value or URI authority, lower case, without
/// port or trailing dot; `None` if it is not one (user info included:
/// a Host header never carries it).
pub fn host_name(authority: &str) -> Option<String> {
    let authority: axum::http::uri::Authority = authority.parse().ok()?;
    if authority.as_str().contains('@') {
        return None;
    }
    let host = authority.host().to_ascii_lowercase();
    Some(host.strip_suffix('.').map(str::to_string).unwrap_or(host))
}

/// Whether the server answers requests for `host` (a [`host_name`]).
/// A DNS rebinding attack points a name its author owns at this machine,
/// so that their page may read this server as its own origin; its
/// requests then name that host. An IP literal cannot be rebound and
/// `localhost` never leaves the machine, so those are answered wherever
/// the server listens, as are the names given with `--allow-host`. The
/// port is not compared: it says nothing of who owns the name, and a
/// tunnel (`ssh -L 8080:localhost:1111`) changes it.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let literal = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .map_or_else(
            || host.parse::<std::net::Ipv4Addr>().is_ok(),
            |v6| v6.parse::<std::net::Ipv6Addr>().is_ok(),
        );
    literal || host == "localhost" || allowed.iter().any(|name| name == host)
}

/// Refuses a request for a host the server does not answer to (see
/// [`host_allowed`]). The host is the request target's authority when it
/// has one (HTTP/2, or an absolute URI, which HTTP/1.1 says overrides
/// `Host`), else the `Host` header. A request without either (HTTP/1.0)
/// is answered: a browser always names the host.
async fn only_own_hosts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let named: Vec<&str> = match request.uri().authority() {
        Some(authority) => vec![authority.as_str()],
        None => request
            .headers()
            .get_all(header::HOST)
            .iter()
            .map(|value| value.to_str().unwrap_or("\u{fffd}"))
            .filter(|value| !value.is_empty())
            .collect(),
    };
    let refusal = match named.as_slice() {
        [] => None,
        [one] => match host_name(one) {
            Some(host) if host_allowed(&host, &state.allowed_hosts) => None,
            Some(host) => Some(format!(
                "guidepress serve does not answer for the host `{host}`: it answers for this machine's addresses only, so that no web page can read it by pointing a name of its own at this machine (DNS rebinding).\nOpen {url} instead, or, if `{host}` is a name of yours, start serve with `--allow-host {host}`.\n",
                url = state.url
            )),
            None => Some(
                "guidepress serve refused a request whose Host header is not a host name.\n"
                    .to_string(),
            ),
        },
        _ => Some("guidepress serve refused a request with several Host headers.\n".to_string()),
    };
    match refusal {
        None => next.run(request).await,
        Some(text) => (
            StatusCode::FORBIDDEN,
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            text,
        )
            .into_response(),
    }
}

/// Adds the reload script and the error overlay to HTML responses; serves
/// the errors page while no build has succeeded.
async fn decorate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/__guidepress/") {
        return next.run(request).await;
    }
    if leaves_mirror(&state.mirror, request.uri().path()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let status = state.status.borrow().clone();
    let errors: Vec<&Diagnostic> = status.errors.iter().collect();
    if !status.has_site && matches!(request.method().as_str(), "GET" | "HEAD") {
        let page = inject::errors_page(status.version, &errors);
        return (StatusCode::INTERNAL_SERVER_ERROR, Html(page)).into_response();
    }
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "page too large to serve").into_response();
    };
    let html = inject::page(&String::from_utf8_lossy(&bytes), status.version, &errors);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Response::from_parts(parts, Body::from(html))
}

/// Whether the file a request names (or the `index.html` of a folder) is
/// really somewhere else: a symbolic link in the mirror that points out.
/// guidepress writes the mirror as plain files, so such a link was put
/// there by something else, and what it points at is not the site.
/// Paths with `..` or that do not decode are left to `ServeDir`, which
/// refuses them.
fn leaves_mirror(mirror: &Path, uri_path: &str) -> bool {
    let Ok(decoded) = percent_encoding::percent_decode_str(uri_path).decode_utf8() else {
        return false;
    };
    let mut path = mirror.to_path_buf();
    for component in Path::new(decoded.as_ref()).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir | Component::Prefix(_) => return false,
        }
    }
    let outside = |p: &Path| p.canonicalize().is_ok_and(|real| !real.starts_with(mirror));
    outside(&path) || (path.is_dir() && outside(&path.join("index.html")))
}

/// One `reload` event with the current version on connect (closing the gap
/// between loading a page and subscribing), then one per rebuild, until the
/// server shuts down.
async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = futures_util::stream::unfold((state, true), |(mut state, first)| async move {
        if !first {
            tokio::select! {
                changed = state.status.changed() => changed.ok()?,
                _ = state.shutdown.changed() => return None,
            }
        }
        let status = state.status.borrow_and_update().clone();
        let data = format!(
            r#"{{"version":{},"css_only":{},"errors":{},"pages":{}}}"#,
            status.version,
            status.css_only,
            status.errors.len(),
            serde_json::to_string(&status.pages).unwrap_or_else(|_| "null".into())
        );
        Some((
            Ok(Event::default().event("reload").data(data)),
            (state, false),
        ))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
