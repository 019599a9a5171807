#[actor_core::main]
struct Program;

fn main() {
    let _ = Program;
}
