//! The dashboard's pages, over HTTP: overview, actors (filters, sorting links, pages,
//! escaped names), one actor (its methods and charts), tasks, and error pages.

mod dashboard_client;

use actor_core::prelude::*;
use dashboard_client::{Reply, dashboard, get};

#[actor]
struct Shelf {
    books: Vec<String>,
}

#[actor]
impl Shelf {
    fn new() -> Self {
        Self { books: Vec::new() }
    }

    pub fn put(&mut self, book: String) -> usize {
        self.books.push(book);
        self.books.len()
    }

    pub fn count(&self) -> usize {
        self.books.len()
    }
}

fn shelf(name: &str) -> ShelfHandle {
    dashboard();
    let shelf = Shelf::options().name(name).remote().expect("a fresh name");
    shelf.put("a book".to_owned()).get().expect("put answers");
    shelf.count().get().expect("count answers");
    shelf
}

/// A page that answered 200 with HTML.
fn page(path: &str) -> String {
    let reply: Reply = get(dashboard(), path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html")),
        "{path}: {:?}",
        reply.headers
    );
    reply.body
}

#[test]
fn the_overview_shows_resources_actors_and_tasks_by_state() {
    let _kept = shelf("pages-overview");
    let html = page("/");
    for text in [
        "Overview",
        "Resources",
        "CPU",
        "ALIVE",
        "DEAD",
        "FINISHED",
        "id=\"live\"",
    ] {
        assert!(html.contains(text), "{text} in {html}");
    }
    assert!(
        html.contains("/actors?state=ALIVE"),
        "states link to the filtered list"
    );
}

#[test]
fn the_actors_page_shows_class_and_name_as_text_and_links_each_actor() {
    let hostile = "<b>\"bold\" & 'loud'</b>";
    let kept = [shelf("pages-list-plain"), shelf(hostile)];
    let html = page("/actors?class=Shelf&name=pages-list");
    let id = kept[0].actor_id().to_string();
    assert!(html.contains(&format!("href=\"/actors/{id}\"")), "{html}");
    assert!(html.contains("<td class=\"class\">Shelf</td>"), "{html}");
    assert!(
        html.contains("<td class=\"name\">pages-list-plain</td>"),
        "{html}"
    );

    let html = page("/actors?class=Shelf&name=%3Cb%3E");
    assert!(!html.contains(hostile), "a name is never HTML: {html}");
    assert!(
        html.contains("&lt;b&gt;&quot;bold&quot; &amp; 'loud'&lt;/b&gt;"),
        "the name shows as text: {html}"
    );
    assert!(
        html.contains("value=\"&lt;b&gt;\""),
        "the filter keeps what was typed"
    );
}

#[test]
fn the_actors_page_filters_sorts_and_pages_on_the_server() {
    let _kept: Vec<ShelfHandle> = (0..3).map(|i| shelf(&format!("pages-paged-{i}"))).collect();
    let first = page("/actors?name=pages-paged&sort=name&limit=2");
    assert!(first.contains("3 actors, showing 1–2"), "{first}");
    assert!(first.contains("pages-paged-0") && first.contains("pages-paged-1"));
    assert!(!first.contains("pages-paged-2"), "{first}");
    assert!(
        first.contains(
            "rel=\"next\" href=\"/actors?name=pages-paged&amp;sort=name&amp;limit=2&amp;offset=2\""
        ),
        "{first}"
    );
    assert!(!first.contains("rel=\"prev\""), "{first}");

    let second = page("/actors?name=pages-paged&sort=name&limit=2&offset=2");
    assert!(second.contains("pages-paged-2") && !second.contains("pages-paged-0"));
    assert!(second.contains("rel=\"prev\""), "{second}");

    let descending = page("/actors?name=pages-paged&sort=name&order=desc");
    let at = |name: &str| descending.find(&format!(">{name}<")).expect(name);
    assert!(at("pages-paged-2") < at("pages-paged-1") && at("pages-paged-1") < at("pages-paged-0"));
    assert!(descending.contains("name ▼"), "the sorted column is marked");

    let bad = get(dashboard(), "/actors?sort=height");
    assert_eq!(bad.status, 400);
    assert!(
        bad.body.contains("sort=&quot;height&quot; is not a column"),
        "{}",
        bad.body
    );
}

#[test]
fn an_actor_page_shows_its_methods_and_a_chart_of_each() {
    let kept = shelf("pages-one");
    let html = page(&format!("/actors/{}", kept.actor_id()));
    assert!(
        html.contains("pages-one") && html.contains("Shelf"),
        "{html}"
    );
    for method in ["put", "count"] {
        assert!(
            html.contains(&format!("<td class=\"method\">{method}</td>")),
            "{html}"
        );
        assert!(html.contains(&format!("latency of {method}")), "{html}");
        assert!(
            html.contains(&format!("calls per second of {method}")),
            "{html}"
        );
    }
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 4, "{html}");
    assert!(
        html.contains("<rect class=\"bar\""),
        "the histograms have bars: {html}"
    );
}

#[task]
fn pages_echo(text: String) -> String {
    text
}

#[test]
fn the_tasks_page_lists_each_function() {
    dashboard();
    pages_echo::remote("hi".to_owned())
        .get()
        .expect("the task answers");
    let html = page("/tasks");
    assert!(html.contains("pages_echo"), "{html}");
}

#[test]
fn unknown_pages_and_actors_are_404_pages() {
    for path in ["/nowhere", "/actors/00000000.fffffffff"] {
        let reply = get(dashboard(), path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("<html"), "{path}: an HTML page");
    }
    assert_eq!(get(dashboard(), "/actors/nonsense").status, 400);
}
