extern crate actor_core as renamed;

#[renamed::actor(crate = "renamed", num_cpus = 0.0)]
pub struct Counter {
    value: i64,
}

#[renamed::actor(crate = "renamed")]
impl Counter {
    pub fn new(value: i64) -> Self {
        Self { value }
    }

    pub fn add(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }
}

fn main() {
    let counter = Counter::remote(40);
    assert_eq!(counter.add(2).get().unwrap(), 42);
    let named = Counter::options().name("renamed").remote(1).unwrap();
    assert_eq!(named.add(1).get().unwrap(), 2);
    renamed::kill(&named);
}
