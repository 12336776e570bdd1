// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// IntrusiveList: the allocation-free FIFO lists of the workflow scheduler
// (ready coroutines, waiting conditions, root coroutines). Internal to the
// SDK; it lives beside the public headers only because their templates use it.
//
//   struct Item {
//     IntrusiveListNode<Item> link{this};
//   };
//   IntrusiveList<Item> list;
//   Item a, b;
//   list.PushBack(a.link);
//   list.PushBack(b.link);
//   Item* first = list.PopFront();  // &a
//
// Why intrusive: making a coroutine ready happens on every resumption, so it
// must not allocate; and because a node unlinks itself when destroyed, a
// coroutine frame destroyed while it is listed (eviction, a WhenAny loser)
// can never leave a dangling entry behind.
#ifndef TEMPORAL_WORKFLOW_INTRUSIVE_LIST_H_
#define TEMPORAL_WORKFLOW_INTRUSIVE_LIST_H_

#include <cstddef>

namespace temporal::workflow_internal {

template <typename T>
class IntrusiveList;

// IntrusiveListNode: the links one T embeds per list it can be in. A node is
// in at most one list at a time.
template <typename T>
class IntrusiveListNode {
 public:
  explicit IntrusiveListNode(T* owner) noexcept : owner_(owner) {}
  IntrusiveListNode(const IntrusiveListNode&) = delete;
  IntrusiveListNode& operator=(const IntrusiveListNode&) = delete;
  ~IntrusiveListNode() { Unlink(); }

  bool linked() const noexcept { return next_ != nullptr; }
  T* owner() const noexcept { return owner_; }

  // Unlink removes the node from its list, if any. O(1).
  void Unlink() noexcept {
    if (next_ == nullptr) return;
    prev_->next_ = next_;
    next_->prev_ = prev_;
    prev_ = nullptr;
    next_ = nullptr;
  }

 private:
  friend class IntrusiveList<T>;
  T* owner_;
  IntrusiveListNode* prev_ = nullptr;
  IntrusiveListNode* next_ = nullptr;
};

// IntrusiveList: a circular doubly linked list around a sentinel node. Not
// movable: the sentinel's address is part of the list.
template <typename T>
class IntrusiveList {
 public:
  using Node = IntrusiveListNode<T>;

  IntrusiveList() noexcept { head_.prev_ = head_.next_ = &head_; }
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;
  ~IntrusiveList() { Clear(); }

  bool empty() const noexcept { return head_.next_ == &head_; }

  // size counts the nodes: O(n), for tests and diagnostics.
  std::size_t size() const noexcept {
    std::size_t count = 0;
    for (const Node* node = head_.next_; node != &head_; node = node->next_) ++count;
    return count;
  }

  // PushBack appends `node`, which must not be in a list.
  void PushBack(Node& node) noexcept {
    node.prev_ = head_.prev_;
    node.next_ = &head_;
    head_.prev_->next_ = &node;
    head_.prev_ = &node;
  }

  // PopFront unlinks the first node and returns its owner, or nullptr.
  T* PopFront() noexcept {
    if (empty()) return nullptr;
    Node* node = head_.next_;
    node->Unlink();
    return node->owner_;
  }

  // first and next walk the list in order; next(node) is nullptr after the
  // last node. Read next(node) before unlinking `node`.
  Node* first() const noexcept { return empty() ? nullptr : head_.next_; }
  Node* next(const Node& node) const noexcept {
    return node.next_ == &head_ ? nullptr : node.next_;
  }

  // Clear unlinks every node (their owners are untouched).
  void Clear() noexcept {
    while (!empty()) head_.next_->Unlink();
  }

 private:
  Node head_{nullptr};
};

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_INTRUSIVE_LIST_H_
