use actor_core::prelude::*;

#[actor]
pub struct Point {
    x: i32,
    y: i32,
}

#[actor]
impl Point {
    pub fn new() -> Self {
        Self { x: 0, y: 0 }
    }

    pub fn move_by(&mut self, (a, b): (i32, i32)) {
        self.x += a;
        self.y += b;
    }
}

fn main() {
    let point = Point::remote();
    let _ = point.move_by((1, 2));
}
