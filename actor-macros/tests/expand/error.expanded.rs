::core::compile_error! {
    "references cannot cross an actor boundary; take `String` instead of `&str`"
}
::core::compile_error! {
    "a reference cannot be returned across an actor boundary; return `String` instead"
}
impl Greeter {
    pub fn new() -> Self {
        todo!()
    }
    pub fn greet(&self, name: &str) -> &str {
        todo!()
    }
}
pub struct GreeterHandle {
    _class: ::core::marker::PhantomData<fn() -> Greeter>,
}
pub struct GreeterTell {
    _class: ::core::marker::PhantomData<fn() -> Greeter>,
}
pub struct GreeterOptions {
    options: ::actor_core::__private::ActorOptions,
    _class: ::core::marker::PhantomData<fn() -> Greeter>,
}
#[allow(dead_code, unused_variables)]
impl ::core::clone::Clone for GreeterHandle {
    fn clone(&self) -> Self {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
#[allow(dead_code, unused_variables)]
impl ::core::fmt::Debug for GreeterHandle {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
#[allow(dead_code, unused_variables)]
impl ::core::cmp::PartialEq for GreeterHandle {
    fn eq(&self, other: &Self) -> ::core::primitive::bool {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
impl ::core::cmp::Eq for GreeterHandle {}
#[allow(dead_code, unused_variables)]
impl ::core::hash::Hash for GreeterHandle {
    fn hash<__ActorH: ::core::hash::Hasher>(&self, state: &mut __ActorH) {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
#[allow(dead_code, unused_variables)]
impl ::actor_core::__private::serde::Serialize for GreeterHandle {
    fn serialize<__ActorS: ::actor_core::__private::serde::Serializer>(
        &self,
        serializer: __ActorS,
    ) -> ::core::result::Result<__ActorS::Ok, __ActorS::Error> {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
#[allow(dead_code, unused_variables)]
impl<'de> ::actor_core::__private::serde::Deserialize<'de> for GreeterHandle {
    fn deserialize<__ActorD: ::actor_core::__private::serde::Deserializer<'de>>(
        deserializer: __ActorD,
    ) -> ::core::result::Result<Self, __ActorD::Error> {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
#[allow(dead_code, unused_variables)]
impl GreeterHandle {
    pub fn actor_id(&self) -> ::actor_core::__private::ActorId {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
    pub fn state(&self) -> ::actor_core::__private::ActorState {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
    pub fn tell(&self) -> GreeterTell {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
    pub fn greet(
        &self,
        _: &str,
    ) -> ::actor_core::__private::ObjectRef<::std::string::String> {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
#[allow(dead_code, unused_variables)]
impl GreeterTell {
    pub fn greet(
        &self,
        _: &str,
    ) -> ::core::result::Result<(), ::actor_core::__private::Error> {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
#[allow(dead_code, unused_variables)]
impl GreeterOptions {
    ::actor_core::__private::option_builders!();
    pub fn remote(
        self,
    ) -> ::core::result::Result<GreeterHandle, ::actor_core::__private::Error> {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
#[allow(dead_code, unused_variables)]
impl Greeter {
    pub fn remote() -> GreeterHandle {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
    pub fn options() -> GreeterOptions {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
    pub fn get_actor(
        name: &::core::primitive::str,
    ) -> ::core::result::Result<GreeterHandle, ::actor_core::__private::Error> {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
    pub fn get_actor_in(
        namespace: &::core::primitive::str,
        name: &::core::primitive::str,
    ) -> ::core::result::Result<GreeterHandle, ::actor_core::__private::Error> {
        ::core::unreachable!("`#[actor]` reported an error on this item")
    }
}
