(* Reversing a list twice gives the list back. *)
Require Import List.
Import ListNotations.

Lemma rev_app : forall (A : Type) (l1 l2 : list A),
  rev (l1 ++ l2) = rev l2 ++ rev l1.
Proof.
  intros A l1 l2. induction l1 as [| x l1' IH]; simpl.
  - rewrite app_nil_r. reflexivity.
  - rewrite IH. rewrite app_assoc. reflexivity.
Qed.

Theorem rev_involutive : forall (A : Type) (l : list A), rev (rev l) = l.
Proof.
  intros A l. induction l as [| x l' IH]; simpl.
  - reflexivity.
  - rewrite rev_app. simpl. rewrite IH. reflexivity.
Qed.
