#[actor_core::main]
fn start() {}

fn main() {
    start();
}
