using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureRoutes.Analyzers.Model;

/// <summary>
/// Answers "does every path to this operation pass a central policy check whose result is used to deny?" on a
/// control-flow graph. A sink is guarded when
/// <list type="bullet">
/// <item>a check that only returns when allowed (void/Task policy method, checking helper) dominates it, or</item>
/// <item>a conditional branch on a policy decision (the call, a local or capture holding its result, <c>.Succeeded</c>)
/// dominates it and one side of that branch cannot reach it: the deny side.</item>
/// </list>
/// A check whose result is discarded, or that runs after the sink, guards nothing.
/// </summary>
internal sealed class FlowGuards
{
    private readonly ControlFlowGraph _graph;
    private readonly Dictionary<SyntaxNode, int> _blockOfSyntax = new();
    private readonly List<(int Block, int SpanStart)> _throwingChecks = new();
    private readonly List<int> _conditionalGuards = new();
    private readonly Dictionary<IInvocationOperation, PolicyCallKind> _kinds = new();
    private readonly HashSet<ILocalSymbol> _decisionLocals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<CaptureId> _decisionCaptures = new();

    public FlowGuards(ControlFlowGraph graph, Func<IInvocationOperation, CancellationToken, PolicyCallKind> classify, CancellationToken cancellationToken)
    {
        _graph = graph;
        var assignments = new List<IOperation>();
        foreach (var block in graph.Blocks)
        {
            foreach (var root in RootsOf(block))
            {
                foreach (var op in root.DescendantsAndSelf())
                {
                    if (!_blockOfSyntax.ContainsKey(op.Syntax)) _blockOfSyntax[op.Syntax] = block.Ordinal;
                    switch (op)
                    {
                        case IInvocationOperation invocation:
                            var kind = classify(invocation, cancellationToken);
                            _kinds[invocation] = kind;
                            if (kind != PolicyCallKind.None) HasAnyPolicyCall = true;
                            if (kind == PolicyCallKind.ThrowsOnDeny) _throwingChecks.Add((block.Ordinal, invocation.Syntax.SpanStart));
                            break;
                        case ISimpleAssignmentOperation:
                        case IFlowCaptureOperation:
                            assignments.Add(op);
                            break;
                    }
                }
            }
        }

        // Locals and flow captures that hold a decision, to a fixed point.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var assignment in assignments)
            {
                switch (assignment)
                {
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } simple when IsDecision(simple.Value):
                        changed |= _decisionLocals.Add(local.Local);
                        break;
                    case IFlowCaptureOperation capture when IsDecision(capture.Value):
                        changed |= _decisionCaptures.Add(capture.Id);
                        break;
                }
            }
        }

        foreach (var block in graph.Blocks)
        {
            if (block.BranchValue is null || !IsDecision(block.BranchValue)) continue;
            if (block.ConditionKind != ControlFlowConditionKind.None)
            {
                _conditionalGuards.Add(block.Ordinal);
            }
            else if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
            {
                ReturnsDecision = true;
            }
        }
        if (_conditionalGuards.Count > 0) ReturnsDecision = true;
    }

    /// <summary>The graph calls a policy check (or checking helper) anywhere.</summary>
    public bool HasAnyPolicyCall { get; }

    /// <summary>The method returns a policy decision, or branches on one.</summary>
    public bool ReturnsDecision { get; }

    /// <summary>Every normal exit of the method is guarded (the deny path throws).</summary>
    public bool ExitGuarded
    {
        get
        {
            var exit = _graph.Blocks[_graph.Blocks.Length - 1].Ordinal;
            return Reachable(0, exit, excluded: -1) && IsBlockGuarded(exit, new Microsoft.CodeAnalysis.Text.TextSpan(int.MaxValue, 0));
        }
    }

    /// <summary>Is the operation with this syntax guarded on every path? Unknown positions count as guarded (we do not report what we cannot place).</summary>
    public bool IsGuarded(SyntaxNode sink)
    {
        for (var node = sink; node is not null; node = node.Parent)
        {
            if (_blockOfSyntax.TryGetValue(node, out var block))
            {
                if (!Reachable(0, block, excluded: -1)) return true;
                return IsBlockGuarded(block, sink.Span);
            }
        }
        return true;
    }

    private bool IsBlockGuarded(int block, Microsoft.CodeAnalysis.Text.TextSpan sink)
    {
        foreach (var (checkBlock, checkStart) in _throwingChecks)
        {
            // In the same block: the check runs first, or is the sink itself (a dispatch whose handler checks).
            var checkedFirst = checkStart < sink.Start || sink.Contains(checkStart);
            if (checkBlock == block ? checkedFirst : Dominates(checkBlock, block)) return true;
        }
        foreach (var guard in _conditionalGuards)
        {
            if (guard == block || !Dominates(guard, block)) continue;
            var b = _graph.Blocks[guard];
            if (!ReachesAvoiding(b.FallThroughSuccessor, block, guard) || !ReachesAvoiding(b.ConditionalSuccessor, block, guard)) return true;
        }
        return false;
    }

    private bool ReachesAvoiding(ControlFlowBranch? branch, int target, int excluded) =>
        branch?.Destination is { } destination && (destination.Ordinal == target || Reachable(destination.Ordinal, target, excluded));

    private bool Dominates(int dominator, int block) => dominator == block || !Reachable(0, block, dominator);

    private bool Reachable(int from, int target, int excluded)
    {
        if (from == excluded) return false;
        if (from == target) return true;
        var seen = new bool[_graph.Blocks.Length];
        var stack = new Stack<int>();
        stack.Push(from);
        seen[from] = true;
        while (stack.Count > 0)
        {
            var current = _graph.Blocks[stack.Pop()];
            foreach (var branch in new[] { current.FallThroughSuccessor, current.ConditionalSuccessor })
            {
                if (branch?.Destination is not { } next || seen[next.Ordinal] || next.Ordinal == excluded) continue;
                if (next.Ordinal == target) return true;
                seen[next.Ordinal] = true;
                stack.Push(next.Ordinal);
            }
        }
        return false;
    }

    private bool IsDecision(IOperation operation)
    {
        foreach (var op in operation.DescendantsAndSelf())
        {
            switch (op)
            {
                case IInvocationOperation invocation when _kinds.TryGetValue(invocation, out var kind) && kind == PolicyCallKind.ReturnsDecision:
                case ILocalReferenceOperation local when _decisionLocals.Contains(local.Local):
                case IFlowCaptureReferenceOperation capture when _decisionCaptures.Contains(capture.Id):
                    return true;
            }
        }
        return false;
    }

    private static IEnumerable<IOperation> RootsOf(BasicBlock block)
    {
        foreach (var op in block.Operations) yield return op;
        if (block.BranchValue is not null) yield return block.BranchValue;
    }
}
