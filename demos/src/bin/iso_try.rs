//! temporary
use actor_core::prelude::*;

#[actor]
pub struct Counter {
    n: i64,
}

#[actor]
impl Counter {
    pub fn new(n: i64) -> Self {
        Counter { n }
    }
    pub fn incr(&mut self, by: i64) -> i64 {
        self.n += by;
        self.n
    }
    pub fn pid(&self) -> u32 {
        std::process::id()
    }
    pub fn boom(&self) -> i64 {
        panic!("boom")
    }
    pub fn abort(&self) {
        std::process::abort()
    }
}

fn main() {
    actor_core::__private::enter_main(|| {
        let c = Counter::options().isolated(true).remote(5).unwrap();
        println!("incr: {:?}", c.incr(3).get());
        println!("pid: {:?} (mine {})", c.pid().get(), std::process::id());
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            c.incr(1).get().unwrap();
        }
        println!("1000 sync calls: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let refs: Vec<_> = (0..10000).map(|_| c.incr(1)).collect();
        let v = actor_core::get(refs).unwrap();
        println!("10000 pipelined: {:?} last {:?}", t.elapsed(), v.last());
        let t = std::time::Instant::now();
        for _ in 0..200_000 {
            c.tell().incr(1).unwrap();
        }
        let v = c.incr(0).get();
        println!(
            "200000 tells: {:?} -> {:.0}/s {:?}",
            t.elapsed(),
            200_000.0 / t.elapsed().as_secs_f64(),
            v
        );
        println!("boom: {:?}", c.boom().get());
        println!("after: {:?}", c.incr(1).get());
        let r = Counter::options()
            .isolated(true)
            .max_restarts(2)
            .remote(0)
            .unwrap();
        println!("r incr: {:?}", r.incr(1).get());
        println!("r abort: {:?}", r.abort().get());
        println!("r after abort: {:?} state {:?}", r.incr(1).get(), r.state());
        println!(
            "{:?}",
            actor_core::state::list_actors()
                .iter()
                .map(|a| (
                    a.class_name.clone(),
                    a.pid,
                    a.num_restarts,
                    format!("{:?}", a.state)
                ))
                .collect::<Vec<_>>()
        );
        relay_demo();
    })
}

#[actor]
pub struct Relay {
    to: CounterHandle,
}
#[actor]
impl Relay {
    pub fn new(to: CounterHandle) -> Self {
        Relay { to }
    }
    pub fn pass(&self, by: i64) -> Result<i64, String> {
        self.to.incr(by).get().map_err(|e| e.to_string())
    }
    pub fn pid(&self) -> u32 {
        std::process::id()
    }
}

pub fn relay_demo() {
    let local = Counter::remote(100);
    let relay = Relay::options()
        .isolated(true)
        .remote(local.clone())
        .unwrap();
    println!(
        "relay pid {:?}, pass to local: {:?}, local now {:?}",
        relay.pid().get(),
        relay.pass(5).get(),
        local.incr(0).get()
    );
    let iso = Counter::options().isolated(true).remote(1000).unwrap();
    let relay2 = Relay::options().isolated(true).remote(iso.clone()).unwrap();
    println!(
        "relay2 -> isolated counter: {:?}, iso now {:?}",
        relay2.pass(7).get(),
        iso.incr(0).get()
    );
}
