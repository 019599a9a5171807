use actor_core::prelude::*;

#[actor]
pub struct Counter {
    value: i64,
}

#[actor]
impl Counter {
    pub fn new(start: i64) -> Self {
        Self { value: start }
    }

    /// Adds `by` and returns the new value.
    pub fn incr(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }

    pub fn get(&self) -> i64 {
        self.value
    }

    pub async fn get_async(&self) -> i64 {
        self.value
    }

    pub fn fail(&self, yes: bool) -> Result<i64, String> {
        if yes { Err("no".into()) } else { Ok(1) }
    }

    pub fn boom(&mut self) {
        panic!("boom");
    }
}

#[test]
fn counter_works() {
    let c = Counter::remote(10);
    let r = c.incr(5);
    assert_eq!(r.get().unwrap(), 15);
    assert_eq!(c.get().get().unwrap(), 15);
    assert_eq!(c.get_async().get().unwrap(), 15);
    assert_eq!(c.fail(true).get().unwrap(), Err("no".to_string()));
    let e = c.boom().get().unwrap_err();
    println!("{e}");
    let e = c.get().get().unwrap_err();
    println!("{e}");
    for a in actor_core::state::list_actors() {
        println!("{a:?}");
    }
}
