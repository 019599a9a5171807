use actor_core::prelude::*;

#[task]
fn shout(text: &str) -> String {
    text.to_uppercase()
}

fn main() {
    let _ = shout::remote("hi");
}
