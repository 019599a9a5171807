//! Arguments that take a value or an `ObjectRef` still infer as plain arguments did:
//! literals, `None`, `vec![]`, and a boxed closure coerced to `Box<dyn FnOnce() + Send>`.

use actor_core::prelude::*;

#[actor]
pub struct Jobs {
    done: u32,
}

#[actor(local)]
impl Jobs {
    pub fn new() -> Self {
        Self { done: 0 }
    }

    pub fn run(&mut self, job: Box<dyn FnOnce() + Send>) -> u32 {
        job();
        self.done += 1;
        self.done
    }

    pub fn shift(&self, by: i64, small: u8, label: Option<String>, values: Vec<u32>) -> i64 {
        by + i64::from(small) + label.map_or(0, |label| label.len() as i64) + values.len() as i64
    }
}

#[task]
fn double(value: i64) -> i64 {
    value * 2
}

fn main() {
    let jobs = Jobs::remote();
    assert_eq!(jobs.run(Box::new(|| {})).get().unwrap(), 1);
    assert_eq!(jobs.shift(5, 1, None, vec![]).get().unwrap(), 6);
    assert_eq!(jobs.shift(double::remote(5), 1, Some(String::from("ab")), vec![7]).get().unwrap(), 14);
    jobs.tell().shift(double::remote(1), 0, None, Vec::new()).unwrap();
}
