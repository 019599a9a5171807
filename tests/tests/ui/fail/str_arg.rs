use actor_core::prelude::*;

#[actor]
pub struct Greeter {
    greeting: String,
}

#[actor]
impl Greeter {
    pub fn new() -> Self {
        Self {
            greeting: "hello".to_owned(),
        }
    }

    pub fn greet(&self, name: &str) -> String {
        format!("{} {name}", self.greeting)
    }
}

fn main() {
    let greeter = Greeter::remote();
    let _ = greeter.greet("ada");
}
