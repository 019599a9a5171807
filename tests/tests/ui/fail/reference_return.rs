use actor_core::prelude::*;

#[actor]
pub struct Names {
    names: Vec<String>,
}

#[actor]
impl Names {
    pub fn new() -> Self {
        Self { names: Vec::new() }
    }

    pub fn first(&self) -> &String {
        &self.names[0]
    }
}

fn main() {
    let names = Names::remote();
    let _ = names.first();
}
