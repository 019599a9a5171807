pub struct Counter {
    value: i64,
}
#[automatically_derived]
impl ::actor_core::__private::ActorClass for Counter {
    type Restarts = ::actor_core::__private::NotRestartable;
    type Placement = ::actor_core::__private::InProcess;
    fn default_options() -> ::actor_core::__private::ActorOptions {
        <::actor_core::__private::ActorOptions as ::core::default::Default>::default()
    }
}
impl Counter {
    pub fn new(start: i64) -> Self {
        Self { value: start }
    }
    /// Adds `by`.
    pub fn add(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }
    pub fn checked(&self, limit: i64) -> Result<i64, String> {
        todo!()
    }
    pub async fn get(&self) -> i64 {
        self.value
    }
    fn stop(&mut self) {}
}
const _: () = {
    #[allow(dead_code)]
    fn __actor_checks() {
        #[allow(unused_imports)]
        use ::actor_core::__private::{CrossesFallback as _, CrossesViaTraits as _};
        ::actor_core::__private::assert_argument::<
            ::actor_core::__private::Remote,
            i64,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Remote,
                i64,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_argument::<
            ::actor_core::__private::Remote,
            i64,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Remote,
                i64,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_return::<
            ::actor_core::__private::Remote,
            i64,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Remote,
                i64,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_argument::<
            ::actor_core::__private::Remote,
            i64,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Remote,
                i64,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_return::<
            ::actor_core::__private::Remote,
            Result<i64, String>,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Remote,
                Result<i64, String>,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_return::<
            ::actor_core::__private::Remote,
            i64,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Remote,
                i64,
            >::new())
                .probe(),
        );
    }
};
///The calls a `Counter` actor accepts: one variant per method, its fields the method's arguments.
#[derive(
    ::actor_core::__private::serde::Serialize,
    ::actor_core::__private::serde::Deserialize
)]
#[serde(
    crate = "::actor_core::__private::serde",
    bound(
        serialize = "for<'__w> i64: ::actor_core::__private::serde::Serialize, for<'__w> i64: ::actor_core::__private::serde::Serialize",
        deserialize = "for<'__w> i64: ::actor_core::__private::serde::Deserialize<'__w>, for<'__w> i64: ::actor_core::__private::serde::Deserialize<'__w>"
    )
)]
pub enum CounterMessage
where
    Counter: ::actor_core::__private::Actor,
{
    /// Adds `by`.
    Add {
        ///The argument `by`.
        by: i64,
    },
    ///A call of `Counter::checked`.
    Checked {
        ///The argument `limit`.
        limit: i64,
    },
    ///A call of `Counter::get`.
    Get {},
}
///A handle to a `Counter` actor: cheap to clone, `Send + Sync`, usable from any thread, task or actor. Each method sends a call and returns an `ObjectRef` at once. Equality and hashing follow the actor's id.
pub struct CounterHandle
where
    Counter: ::actor_core::__private::Actor,
{
    inner: ::actor_core::__private::ActorRef<Counter>,
}
#[automatically_derived]
impl CounterHandle {
    /// The actor's unique id.
    pub fn actor_id(&self) -> ::actor_core::__private::ActorId {
        self.inner.actor_id()
    }
    /// Where the actor is in its life: pending, alive, restarting or dead (and why).
    pub fn state(&self) -> ::actor_core::__private::ActorState {
        self.inner.state()
    }
    /// Adds `by`.
    pub fn add(
        &self,
        by: impl ::actor_core::__private::IntoArg<i64>,
    ) -> ::actor_core::__private::ObjectRef<i64> {
        match (::actor_core::__private::IntoArg::into_arg(by),) {
            (::actor_core::__private::Arg::Value(by),) => {
                ::actor_core::__private::call::<
                    _,
                    i64,
                >(&self.inner, CounterMessage::Add { by })
            }
            (by,) => {
                ::actor_core::__private::call_after::<
                    _,
                    i64,
                >(
                    &self.inner,
                    async move {
                        ::core::result::Result::Ok::<
                            _,
                            ::actor_core::__private::Error,
                        >(CounterMessage::Add {
                            by: ::actor_core::__private::Arg::resolve(by).await?,
                        })
                    },
                )
            }
        }
    }
    ///Calls `Counter::checked` on the actor; returns at once with an `ObjectRef` to its value.
    pub fn checked(
        &self,
        limit: impl ::actor_core::__private::IntoArg<i64>,
    ) -> ::actor_core::__private::ObjectRef<Result<i64, String>> {
        match (::actor_core::__private::IntoArg::into_arg(limit),) {
            (::actor_core::__private::Arg::Value(limit),) => {
                ::actor_core::__private::call::<
                    _,
                    Result<i64, String>,
                >(&self.inner, CounterMessage::Checked { limit })
            }
            (limit,) => {
                ::actor_core::__private::call_after::<
                    _,
                    Result<i64, String>,
                >(
                    &self.inner,
                    async move {
                        ::core::result::Result::Ok::<
                            _,
                            ::actor_core::__private::Error,
                        >(CounterMessage::Checked {
                            limit: ::actor_core::__private::Arg::resolve(limit).await?,
                        })
                    },
                )
            }
        }
    }
    ///Calls `Counter::get` on the actor; returns at once with an `ObjectRef` to its value.
    pub fn get(&self) -> ::actor_core::__private::ObjectRef<i64> {
        ::actor_core::__private::call::<_, i64>(&self.inner, CounterMessage::Get {})
    }
}
#[automatically_derived]
impl ::actor_core::__private::ActorHandle for CounterHandle {
    type Actor = Counter;
    fn from_actor_ref(actor: ::actor_core::__private::ActorRef<Counter>) -> Self {
        Self { inner: actor }
    }
    fn actor_ref(&self) -> &::actor_core::__private::ActorRef<Counter> {
        &self.inner
    }
}
#[automatically_derived]
impl ::actor_core::__private::HasHandle for Counter {
    type Handle = CounterHandle;
}
#[automatically_derived]
impl ::core::clone::Clone for CounterHandle {
    fn clone(&self) -> Self {
        Self {
            inner: ::core::clone::Clone::clone(&self.inner),
        }
    }
}
#[automatically_derived]
impl ::core::fmt::Debug for CounterHandle {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Debug::fmt(&self.inner, f)
    }
}
#[automatically_derived]
impl ::core::cmp::PartialEq for CounterHandle {
    fn eq(&self, other: &Self) -> ::core::primitive::bool {
        self.inner == other.inner
    }
}
#[automatically_derived]
impl ::core::cmp::Eq for CounterHandle {}
#[automatically_derived]
impl ::core::hash::Hash for CounterHandle {
    fn hash<__ActorH: ::core::hash::Hasher>(&self, state: &mut __ActorH) {
        ::core::hash::Hash::hash(&self.inner, state)
    }
}
#[automatically_derived]
impl ::actor_core::__private::serde::Serialize for CounterHandle {
    fn serialize<__ActorS: ::actor_core::__private::serde::Serializer>(
        &self,
        serializer: __ActorS,
    ) -> ::core::result::Result<__ActorS::Ok, __ActorS::Error> {
        ::actor_core::__private::serde::Serialize::serialize(&self.inner, serializer)
    }
}
#[automatically_derived]
impl<'de> ::actor_core::__private::serde::Deserialize<'de> for CounterHandle {
    fn deserialize<__ActorD: ::actor_core::__private::serde::Deserializer<'de>>(
        deserializer: __ActorD,
    ) -> ::core::result::Result<Self, __ActorD::Error> {
        <::actor_core::__private::ActorRef<
            Counter,
        > as ::actor_core::__private::serde::Deserialize<'de>>::deserialize(deserializer)
            .map(|inner| Self { inner })
    }
}
///Options for starting a `Counter` actor; see `Counter::options`.
pub struct CounterOptions
where
    Counter: ::actor_core::__private::Actor,
{
    options: ::actor_core::__private::ActorOptions,
    _class: ::core::marker::PhantomData<fn() -> Counter>,
}
#[automatically_derived]
impl ::core::fmt::Debug for CounterOptions {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Debug::fmt(&self.options, f)
    }
}
#[automatically_derived]
impl CounterOptions {
    ::actor_core::__private::option_builders!();
    /// Starts the actor with these options and returns its handle at once.
    ///
    /// Fails with `Error::NameTaken` if the name is taken (unless `get_if_exists`),
    /// and with `Error::Unschedulable` if this node can never provide the resources.
    pub fn remote(
        self,
        start: i64,
    ) -> ::core::result::Result<CounterHandle, ::actor_core::__private::Error> {
        ::actor_core::__private::spawn(
                self.options,
                {
                    use ::actor_core::__private::{CloneArgs as _, OnceArgs as _};
                    let __actor_keep = (&&::actor_core::__private::KeptArgsProbe::<
                        (i64,),
                    >::new())
                        .make();
                    __actor_keep((start,))
                },
            )
            .map(|inner| CounterHandle { inner })
    }
}
///Fire-and-forget calls to a `Counter` actor, made by `CounterHandle::tell`: each method queues its call and returns without keeping a result.
pub struct CounterTell<'__actor_tell>
where
    Counter: ::actor_core::__private::Actor,
{
    inner: &'__actor_tell ::actor_core::__private::ActorRef<Counter>,
}
#[automatically_derived]
impl<'__actor_tell> CounterTell<'__actor_tell> {
    ///Sends `Counter::add` without asking for its value; fails at once only if the actor no longer accepts calls or too many calls are pending.
    pub fn add(
        &self,
        by: impl ::actor_core::__private::IntoArg<i64>,
    ) -> ::core::result::Result<(), ::actor_core::__private::Error> {
        match (::actor_core::__private::IntoArg::into_arg(by),) {
            (::actor_core::__private::Arg::Value(by),) => {
                ::actor_core::__private::tell(self.inner, CounterMessage::Add { by })
            }
            (by,) => {
                ::actor_core::__private::tell_after(
                    self.inner,
                    async move {
                        ::core::result::Result::Ok::<
                            _,
                            ::actor_core::__private::Error,
                        >(CounterMessage::Add {
                            by: ::actor_core::__private::Arg::resolve(by).await?,
                        })
                    },
                )
            }
        }
    }
    ///Sends `Counter::checked` without asking for its value; fails at once only if the actor no longer accepts calls or too many calls are pending.
    pub fn checked(
        &self,
        limit: impl ::actor_core::__private::IntoArg<i64>,
    ) -> ::core::result::Result<(), ::actor_core::__private::Error> {
        match (::actor_core::__private::IntoArg::into_arg(limit),) {
            (::actor_core::__private::Arg::Value(limit),) => {
                ::actor_core::__private::tell(
                    self.inner,
                    CounterMessage::Checked { limit },
                )
            }
            (limit,) => {
                ::actor_core::__private::tell_after(
                    self.inner,
                    async move {
                        ::core::result::Result::Ok::<
                            _,
                            ::actor_core::__private::Error,
                        >(CounterMessage::Checked {
                            limit: ::actor_core::__private::Arg::resolve(limit).await?,
                        })
                    },
                )
            }
        }
    }
    ///Sends `Counter::get` without asking for its value; fails at once only if the actor no longer accepts calls or too many calls are pending.
    pub fn get(&self) -> ::core::result::Result<(), ::actor_core::__private::Error> {
        ::actor_core::__private::tell(self.inner, CounterMessage::Get {})
    }
}
#[automatically_derived]
impl<'__actor_tell> ::core::fmt::Debug for CounterTell<'__actor_tell> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Debug::fmt(self.inner, f)
    }
}
#[automatically_derived]
impl CounterHandle {
    /// Fire-and-forget: `handle.tell().method(args)` queues the call without keeping
    /// its result, which is cheaper than dropping the `ObjectRef` of `handle.method(args)`.
    pub fn tell<'__actor_tell>(&'__actor_tell self) -> CounterTell<'__actor_tell> {
        CounterTell { inner: &self.inner }
    }
}
#[automatically_derived]
impl ::actor_core::__private::Sealed for Counter {}
#[automatically_derived]
impl ::actor_core::__private::Actor for Counter {
    type Message = CounterMessage;
    type Args = (i64,);
    const CLASS_NAME: &'static ::core::primitive::str = "Counter";
    const METHODS: &'static [&'static ::core::primitive::str] = &[
        "add",
        "checked",
        "get",
    ];
    const HAS_ASYNC_METHODS: ::core::primitive::bool = true;
    fn construct(
        __actor_args: Self::Args,
    ) -> ::core::result::Result<Self, ::std::string::String> {
        let (start,) = __actor_args;
        ::core::result::Result::Ok(Self::new(start))
    }
    type Telemetry = ::actor_core::__private::Telemetry<3usize>;
    fn method_modes() -> &'static [::core::sync::atomic::AtomicU8] {
        static __ACTOR_MODES: ::actor_core::__private::MethodModes<3usize> = ::actor_core::__private::MethodModes::new();
        __ACTOR_MODES.as_slice()
    }
    #[allow(unused_variables)]
    fn copy_message(
        __actor_message: &Self::Message,
    ) -> ::core::option::Option<Self::Message> {
        use ::actor_core::__private::{CloneProbeFallback as _, CloneProbeViaClone as _};
        match __actor_message {
            CounterMessage::Add { by } => {
                ::core::option::Option::Some(CounterMessage::Add {
                    by: (&&::actor_core::__private::CloneProbe(by)).try_clone()?,
                })
            }
            CounterMessage::Checked { limit } => {
                ::core::option::Option::Some(CounterMessage::Checked {
                    limit: (&&::actor_core::__private::CloneProbe(limit)).try_clone()?,
                })
            }
            CounterMessage::Get {} => {
                ::core::option::Option::Some(CounterMessage::Get {})
            }
        }
    }
    fn on_stop(
        &mut self,
    ) -> impl ::core::future::Future<Output = ()> + ::core::marker::Send {
        async move {
            Self::stop(self);
        }
    }
    fn wire() -> ::core::option::Option<
        ::actor_core::__private::Wire<Self::Message, Self::Args>,
    > {
        use ::actor_core::__private::{WireProbeFallback as _, WireProbeViaTrait as _};
        (&&::actor_core::__private::WireProbe::<Self>::new()).wire()
    }
    fn method_index(__actor_message: &Self::Message) -> ::core::primitive::usize {
        match *__actor_message {
            CounterMessage::Add { .. } => 0,
            CounterMessage::Checked { .. } => 0 + 1,
            CounterMessage::Get { .. } => 0 + 1 + 1,
        }
    }
    fn handle<'__actor>(
        &'__actor mut self,
        __actor_message: Self::Message,
        __actor_reply: &'__actor ::actor_core::__private::Reply<'__actor>,
        __actor_context: &'__actor ::actor_core::__private::MethodContext,
    ) -> ::actor_core::__private::Handled<
        impl ::core::future::Future<Output = ()> + ::core::marker::Send + '__actor,
    > {
        let __actor_self = self;
        match __actor_message {
            CounterMessage::Add { by } => {
                let __actor_value = __actor_context
                    .run_sync(__actor_reply, || Self::add(__actor_self, by));
                __actor_reply.send(__actor_value);
                ::actor_core::__private::Handled::Done
            }
            CounterMessage::Checked { limit } => {
                let __actor_value = __actor_context
                    .run_sync(__actor_reply, || Self::checked(__actor_self, limit));
                __actor_reply.send_result(__actor_value);
                ::actor_core::__private::Handled::Done
            }
            #[allow(unreachable_patterns)]
            __actor_message => {
                ::actor_core::__private::Handled::Async(async move {
                    match __actor_message {
                        CounterMessage::Get {} => {
                            let __actor_value = Self::get(__actor_self).await;
                            __actor_reply.send(__actor_value);
                        }
                        #[allow(unreachable_patterns)]
                        _ => {}
                    }
                })
            }
        }
    }
}
#[automatically_derived]
impl ::actor_core::__private::WireActor for Counter
where
    for<'__w> CounterMessage: ::actor_core::__private::serde::Serialize
        + ::actor_core::__private::serde::Deserialize<'__w>,
    for<'__w> (
        i64,
    ): ::actor_core::__private::serde::Serialize
        + ::actor_core::__private::serde::Deserialize<'__w>,
    for<'__w> i64: ::actor_core::__private::serde::Serialize
        + ::actor_core::__private::serde::Deserialize<'__w> + ::core::marker::Send
        + 'static,
    for<'__w> Result<
        i64,
        String,
    >: ::actor_core::__private::serde::Serialize
        + ::actor_core::__private::serde::Deserialize<'__w> + ::core::marker::Send
        + 'static,
    for<'__w> i64: ::actor_core::__private::serde::Serialize
        + ::actor_core::__private::serde::Deserialize<'__w> + ::core::marker::Send
        + 'static,
{
    const CLASS_KEY: &'static ::core::primitive::str = ::core::concat!(
        ::core::module_path!(), "::", "Counter"
    );
    fn encode_args(
        __actor_args: &Self::Args,
    ) -> ::core::result::Result<
        ::std::vec::Vec<::core::primitive::u8>,
        ::actor_core::__private::Error,
    > {
        ::actor_core::__private::encode_wire(
            "the arguments of `Counter::new`",
            __actor_args,
        )
    }
    fn decode_args(
        __actor_bytes: &[::core::primitive::u8],
    ) -> ::core::result::Result<Self::Args, ::actor_core::__private::Error> {
        ::actor_core::__private::decode_wire(
            "the arguments of `Counter::new`",
            __actor_bytes,
        )
    }
    fn settle_reply(
        __actor_method: ::core::primitive::usize,
        __actor_bytes: &[::core::primitive::u8],
        __actor_slot: ::actor_core::__private::ReplySlot<'_>,
    ) -> ::core::result::Result<(), ::actor_core::__private::Error> {
        match __actor_method {
            __actor_index if __actor_index == 0 => {
                __actor_slot.settle::<i64>("the reply of `Counter::add`", __actor_bytes)
            }
            __actor_index if __actor_index == 0 + 1 => {
                __actor_slot
                    .settle::<
                        Result<i64, String>,
                    >("the reply of `Counter::checked`", __actor_bytes)
            }
            __actor_index if __actor_index == 0 + 1 + 1 => {
                __actor_slot.settle::<i64>("the reply of `Counter::get`", __actor_bytes)
            }
            __actor_index => {
                ::core::result::Result::Err(::actor_core::__private::Error::Wire {
                    message: ::std::format!(
                        "a reply to method number {} of `{}`, which has no such method",
                        __actor_index, "Counter",
                    ),
                })
            }
        }
    }
    fn reply_is_error(
        __actor_method: ::core::primitive::usize,
        __actor_bytes: &[::core::primitive::u8],
    ) -> ::core::primitive::bool {
        if __actor_method == 0 + 1 {
            return ::actor_core::__private::encoded_result_is_err(__actor_bytes);
        }
        false
    }
    fn encode_call(
        __actor_message: &Self::Message,
    ) -> ::core::result::Result<
        ::std::vec::Vec<::core::primitive::u8>,
        ::actor_core::__private::Error,
    > {
        ::actor_core::__private::encode_wire("a `Counter` call", __actor_message)
    }
    fn decode_call(
        __actor_bytes: &[::core::primitive::u8],
    ) -> ::core::result::Result<Self::Message, ::actor_core::__private::Error> {
        ::actor_core::__private::decode_wire("a `Counter` call", __actor_bytes)
    }
    fn call_encoded(
        __actor_actor: &::actor_core::__private::ActorRef<Self>,
        __actor_bytes: &[::core::primitive::u8],
    ) -> ::core::result::Result<
        ::actor_core::__private::EncodedReply,
        ::actor_core::__private::Error,
    > {
        match <Self as ::actor_core::__private::WireActor>::decode_call(__actor_bytes)? {
            __actor_message @ CounterMessage::Add { .. } => {
                ::core::result::Result::Ok(
                    ::actor_core::__private::call_encoded::<
                        Self,
                        i64,
                    >("the reply of `Counter::add`", __actor_actor, __actor_message),
                )
            }
            __actor_message @ CounterMessage::Checked { .. } => {
                ::core::result::Result::Ok(
                    ::actor_core::__private::call_encoded::<
                        Self,
                        Result<i64, String>,
                    >("the reply of `Counter::checked`", __actor_actor, __actor_message),
                )
            }
            __actor_message @ CounterMessage::Get { .. } => {
                ::core::result::Result::Ok(
                    ::actor_core::__private::call_encoded::<
                        Self,
                        i64,
                    >("the reply of `Counter::get`", __actor_actor, __actor_message),
                )
            }
        }
    }
}
::actor_core::__private::inventory::submit! {
    ::actor_core::__private::WorkerClass::new:: < Counter >
    (::core::concat!(::core::module_path!(), "::", "Counter"))
}
const _: () = {
    #[allow(dead_code)]
    fn __actor_restart_check() {
        ::actor_core::__private::assert_restart_args::<
            <Counter as ::actor_core::__private::ActorClass>::Restarts,
            (i64,),
        >();
    }
};
#[automatically_derived]
impl Counter {
    ///Starts a `Counter` actor with the defaults of its `#[actor]` attribute and returns its handle at once; creation is asynchronous. A constructor error surfaces on the first call.
    pub fn remote(start: i64) -> CounterHandle {
        static __ACTOR_DEFAULTS: ::std::sync::OnceLock<
            ::std::sync::Arc<::actor_core::__private::ActorOptions>,
        > = ::std::sync::OnceLock::new();
        let __actor_defaults = __ACTOR_DEFAULTS
            .get_or_init(|| ::std::sync::Arc::new(
                <Counter as ::actor_core::__private::ActorClass>::default_options(),
            ));
        CounterHandle {
            inner: ::actor_core::__private::spawn_unnamed(
                ::core::clone::Clone::clone(__actor_defaults),
                {
                    use ::actor_core::__private::{CloneArgs as _, OnceArgs as _};
                    let __actor_keep = (&&::actor_core::__private::KeptArgsProbe::<
                        (i64,),
                    >::new())
                        .make();
                    __actor_keep((start,))
                },
            ),
        }
    }
    ///A builder to start a `Counter` actor with a name, resources or restart options.
    pub fn options() -> CounterOptions {
        CounterOptions {
            options: <Counter as ::actor_core::__private::ActorClass>::default_options(),
            _class: ::core::marker::PhantomData,
        }
    }
    ///The handle of the live `Counter` actor named `name` in the default namespace.
    pub fn get_actor(
        name: &::core::primitive::str,
    ) -> ::core::result::Result<CounterHandle, ::actor_core::__private::Error> {
        ::actor_core::__private::lookup(name, ::core::option::Option::None)
            .map(|inner| CounterHandle { inner })
    }
    ///The handle of the live `Counter` actor named `name` in `namespace`.
    pub fn get_actor_in(
        namespace: &::core::primitive::str,
        name: &::core::primitive::str,
    ) -> ::core::result::Result<CounterHandle, ::actor_core::__private::Error> {
        ::actor_core::__private::lookup(name, ::core::option::Option::Some(namespace))
            .map(|inner| CounterHandle { inner })
    }
}
