pub struct Worker<T> {
    item: T,
}
#[automatically_derived]
impl<T> ::actor_core::__private::ActorClass for Worker<T> {
    type Restarts = ::actor_core::__private::Restartable;
    type Placement = ::actor_core::__private::InProcess;
    fn default_options() -> ::actor_core::__private::ActorOptions {
        <::actor_core::__private::ActorOptions as ::core::default::Default>::default()
            .num_cpus(1.0)
            .max_restarts(3)
            .max_pending_calls(10)
            .blocking(true)
    }
}
