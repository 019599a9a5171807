impl Sender {
    pub fn new(target: std::sync::Arc<u8>) -> Self {
        todo!()
    }
    pub fn send(&self, job: Box<dyn FnOnce() + Send>) {}
}
const _: () = {
    #[allow(dead_code)]
    fn __actor_checks() {
        #[allow(unused_imports)]
        use ::actor_core::__private::{CrossesFallback as _, CrossesViaTraits as _};
        ::actor_core::__private::assert_argument::<
            ::actor_core::__private::Local,
            std::sync::Arc<u8>,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Local,
                std::sync::Arc<u8>,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_argument::<
            ::actor_core::__private::Local,
            Box<dyn FnOnce() + Send>,
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Local,
                Box<dyn FnOnce() + Send>,
            >::new())
                .probe(),
        );
        ::actor_core::__private::assert_return::<
            ::actor_core::__private::Local,
            (),
            _,
        >(
            (&&::actor_core::__private::CrossProbe::<
                ::actor_core::__private::Local,
                (),
            >::new())
                .probe(),
        );
    }
};
///The calls a `Sender` actor accepts: one variant per method, its fields the method's arguments.
pub enum SenderMessage
where
    Sender: ::actor_core::__private::Actor,
{
    ///A call of `Sender::send`.
    Send {
        ///The argument `job`.
        job: Box<dyn FnOnce() + Send>,
    },
}
///A handle to a `Sender` actor: cheap to clone, `Send + Sync`, usable from any thread, task or actor. Each method sends a call and returns an `ObjectRef` at once. Equality and hashing follow the actor's id.
pub struct SenderHandle
where
    Sender: ::actor_core::__private::Actor,
{
    inner: ::actor_core::__private::ActorRef<Sender>,
}
#[automatically_derived]
impl SenderHandle {
    /// The actor's unique id.
    pub fn actor_id(&self) -> ::actor_core::__private::ActorId {
        self.inner.actor_id()
    }
    /// Where the actor is in its life: pending, alive, restarting or dead (and why).
    pub fn state(&self) -> ::actor_core::__private::ActorState {
        self.inner.state()
    }
    ///Calls `Sender::send` on the actor; returns at once with an `ObjectRef` to its value.
    pub fn send(
        &self,
        job: Box<dyn FnOnce() + Send>,
    ) -> ::actor_core::__private::ObjectRef<()> {
        ::actor_core::__private::call::<_, ()>(&self.inner, SenderMessage::Send { job })
    }
}
#[automatically_derived]
impl ::actor_core::__private::ActorHandle for SenderHandle {
    type Actor = Sender;
    fn from_actor_ref(actor: ::actor_core::__private::ActorRef<Sender>) -> Self {
        Self { inner: actor }
    }
    fn actor_ref(&self) -> &::actor_core::__private::ActorRef<Sender> {
        &self.inner
    }
}
#[automatically_derived]
impl ::actor_core::__private::HasHandle for Sender {
    type Handle = SenderHandle;
}
#[automatically_derived]
impl ::core::clone::Clone for SenderHandle {
    fn clone(&self) -> Self {
        Self {
            inner: ::core::clone::Clone::clone(&self.inner),
        }
    }
}
#[automatically_derived]
impl ::core::fmt::Debug for SenderHandle {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Debug::fmt(&self.inner, f)
    }
}
#[automatically_derived]
impl ::core::cmp::PartialEq for SenderHandle {
    fn eq(&self, other: &Self) -> ::core::primitive::bool {
        self.inner == other.inner
    }
}
#[automatically_derived]
impl ::core::cmp::Eq for SenderHandle {}
#[automatically_derived]
impl ::core::hash::Hash for SenderHandle {
    fn hash<__ActorH: ::core::hash::Hasher>(&self, state: &mut __ActorH) {
        ::core::hash::Hash::hash(&self.inner, state)
    }
}
#[automatically_derived]
impl ::actor_core::__private::serde::Serialize for SenderHandle {
    fn serialize<__ActorS: ::actor_core::__private::serde::Serializer>(
        &self,
        serializer: __ActorS,
    ) -> ::core::result::Result<__ActorS::Ok, __ActorS::Error> {
        ::actor_core::__private::serde::Serialize::serialize(&self.inner, serializer)
    }
}
#[automatically_derived]
impl<'de> ::actor_core::__private::serde::Deserialize<'de> for SenderHandle {
    fn deserialize<__ActorD: ::actor_core::__private::serde::Deserializer<'de>>(
        deserializer: __ActorD,
    ) -> ::core::result::Result<Self, __ActorD::Error> {
        <::actor_core::__private::ActorRef<
            Sender,
        > as ::actor_core::__private::serde::Deserialize<'de>>::deserialize(deserializer)
            .map(|inner| Self { inner })
    }
}
///Options for starting a `Sender` actor; see `Sender::options`.
pub struct SenderOptions
where
    Sender: ::actor_core::__private::Actor,
{
    options: ::actor_core::__private::ActorOptions,
    _class: ::core::marker::PhantomData<fn() -> Sender>,
}
#[automatically_derived]
impl ::core::fmt::Debug for SenderOptions {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Debug::fmt(&self.options, f)
    }
}
#[automatically_derived]
impl SenderOptions {
    ::actor_core::__private::option_builders!();
    /// Starts the actor with these options and returns its handle at once.
    ///
    /// Fails with `Error::NameTaken` if the name is taken (unless `get_if_exists`),
    /// and with `Error::Unschedulable` if this node can never provide the resources.
    pub fn remote(
        self,
        target: std::sync::Arc<u8>,
    ) -> ::core::result::Result<SenderHandle, ::actor_core::__private::Error> {
        ::actor_core::__private::spawn(
                self.options,
                {
                    use ::actor_core::__private::{CloneArgs as _, OnceArgs as _};
                    let __actor_keep = (&&::actor_core::__private::KeptArgsProbe::<
                        (std::sync::Arc<u8>,),
                    >::new())
                        .make();
                    __actor_keep((target,))
                },
            )
            .map(|inner| SenderHandle { inner })
    }
}
///Fire-and-forget calls to a `Sender` actor, made by `SenderHandle::tell`: each method queues its call and returns without keeping a result.
pub struct SenderTell<'__actor_tell>
where
    Sender: ::actor_core::__private::Actor,
{
    inner: &'__actor_tell ::actor_core::__private::ActorRef<Sender>,
}
#[automatically_derived]
impl<'__actor_tell> SenderTell<'__actor_tell> {
    ///Sends `Sender::send` without asking for its value; fails at once only if the actor no longer accepts calls or too many calls are pending.
    pub fn send(
        &self,
        job: Box<dyn FnOnce() + Send>,
    ) -> ::core::result::Result<(), ::actor_core::__private::Error> {
        ::actor_core::__private::tell(self.inner, SenderMessage::Send { job })
    }
}
#[automatically_derived]
impl<'__actor_tell> ::core::fmt::Debug for SenderTell<'__actor_tell> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Debug::fmt(self.inner, f)
    }
}
#[automatically_derived]
impl SenderHandle {
    /// Fire-and-forget: `handle.tell().method(args)` queues the call without keeping
    /// its result, which is cheaper than dropping the `ObjectRef` of `handle.method(args)`.
    pub fn tell<'__actor_tell>(&'__actor_tell self) -> SenderTell<'__actor_tell> {
        SenderTell { inner: &self.inner }
    }
}
#[automatically_derived]
impl ::actor_core::__private::Sealed for Sender {}
#[automatically_derived]
impl ::actor_core::__private::Actor for Sender {
    type Message = SenderMessage;
    type Args = (std::sync::Arc<u8>,);
    const CLASS_NAME: &'static ::core::primitive::str = "Sender";
    const METHODS: &'static [&'static ::core::primitive::str] = &["send"];
    const HAS_ASYNC_METHODS: ::core::primitive::bool = false;
    fn construct(
        __actor_args: Self::Args,
    ) -> ::core::result::Result<Self, ::std::string::String> {
        let (target,) = __actor_args;
        ::core::result::Result::Ok(Self::new(target))
    }
    type Telemetry = ::actor_core::__private::Telemetry<1usize>;
    fn method_modes() -> &'static [::core::sync::atomic::AtomicU8] {
        static __ACTOR_MODES: ::actor_core::__private::MethodModes<1usize> = ::actor_core::__private::MethodModes::new();
        __ACTOR_MODES.as_slice()
    }
    #[allow(unused_variables)]
    fn copy_message(
        __actor_message: &Self::Message,
    ) -> ::core::option::Option<Self::Message> {
        use ::actor_core::__private::{CloneProbeFallback as _, CloneProbeViaClone as _};
        match __actor_message {
            SenderMessage::Send { job } => {
                ::core::option::Option::Some(SenderMessage::Send {
                    job: (&&::actor_core::__private::CloneProbe(job)).try_clone()?,
                })
            }
        }
    }
    fn method_index(__actor_message: &Self::Message) -> ::core::primitive::usize {
        match *__actor_message {
            SenderMessage::Send { .. } => 0,
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
            SenderMessage::Send { job } => {
                let __actor_value = __actor_context
                    .run_sync(__actor_reply, || Self::send(__actor_self, job));
                __actor_reply.send(__actor_value);
                ::actor_core::__private::Handled::Done
            }
            #[allow(unreachable_patterns)]
            __actor_message => {
                ::actor_core::__private::Handled::Async(async move {
                    match __actor_message {
                        #[allow(unreachable_patterns)]
                        _ => {}
                    }
                })
            }
        }
    }
}
const _: () = {
    #[allow(dead_code)]
    fn __actor_placement_check() {
        ::actor_core::__private::assert_local_placement::<
            <Sender as ::actor_core::__private::ActorClass>::Placement,
        >();
    }
};
const _: () = {
    #[allow(dead_code)]
    fn __actor_restart_check() {
        ::actor_core::__private::assert_restart_args::<
            <Sender as ::actor_core::__private::ActorClass>::Restarts,
            (std::sync::Arc<u8>,),
        >();
    }
};
#[automatically_derived]
impl Sender {
    ///Starts a `Sender` actor with the defaults of its `#[actor]` attribute and returns its handle at once; creation is asynchronous. A constructor error surfaces on the first call.
    pub fn remote(target: std::sync::Arc<u8>) -> SenderHandle {
        static __ACTOR_DEFAULTS: ::std::sync::OnceLock<
            ::std::sync::Arc<::actor_core::__private::ActorOptions>,
        > = ::std::sync::OnceLock::new();
        let __actor_defaults = __ACTOR_DEFAULTS
            .get_or_init(|| ::std::sync::Arc::new(
                <Sender as ::actor_core::__private::ActorClass>::default_options(),
            ));
        SenderHandle {
            inner: ::actor_core::__private::spawn_unnamed(
                ::core::clone::Clone::clone(__actor_defaults),
                {
                    use ::actor_core::__private::{CloneArgs as _, OnceArgs as _};
                    let __actor_keep = (&&::actor_core::__private::KeptArgsProbe::<
                        (std::sync::Arc<u8>,),
                    >::new())
                        .make();
                    __actor_keep((target,))
                },
            ),
        }
    }
    ///A builder to start a `Sender` actor with a name, resources or restart options.
    pub fn options() -> SenderOptions {
        SenderOptions {
            options: <Sender as ::actor_core::__private::ActorClass>::default_options(),
            _class: ::core::marker::PhantomData,
        }
    }
    ///The handle of the live `Sender` actor named `name` in the default namespace.
    pub fn get_actor(
        name: &::core::primitive::str,
    ) -> ::core::result::Result<SenderHandle, ::actor_core::__private::Error> {
        ::actor_core::__private::lookup(name, ::core::option::Option::None)
            .map(|inner| SenderHandle { inner })
    }
    ///The handle of the live `Sender` actor named `name` in `namespace`.
    pub fn get_actor_in(
        namespace: &::core::primitive::str,
        name: &::core::primitive::str,
    ) -> ::core::result::Result<SenderHandle, ::actor_core::__private::Error> {
        ::actor_core::__private::lookup(name, ::core::option::Option::Some(namespace))
            .map(|inner| SenderHandle { inner })
    }
}
