# Reference numbers for OptimalityCertifierTests: t12_cert.py's data and formulas applied to a fixed hand-written network.
import numpy as np, sys
sys.path.insert(0,'/work/shared/docs/verify')
from common import *
rng=np.random.default_rng(0)
n,d=10,3
X=rng.standard_normal((n,d)); y=rng.standard_normal(n); beta=0.1
D=enumerate_regions(X); D=D[:,D.sum(0)>0]; P=D.shape[1]
U=np.array([[0.5,-0.3,0.2],[-0.4,0.1,0.5]]); a=np.array([0.6,-0.45])
pred=sum(a[j]*np.maximum(X@U[j],0) for j in range(2))
obj=0.5*np.sum((pred-y)**2)+beta/2*(np.sum(U**2)+np.sum(a**2))
r=y-pred
from scipy.optimize import nnls
def projn(g,K):
    # t12_cert.py's cvxopt QP, but its status is checked: on one cone here cvxopt stops with 'unknown' after 100
    # iterations at a wrong point (g lies inside K there, so the projection is g itself). SciPy's NNLS on the polar
    # (Moreau: Π_K(g) = g + Kᵀμ, μ = argmin_{μ≥0} ‖Kᵀμ + g‖) is the reference; the QP must agree where it claims optimality.
    mu,_=nnls(K.T,-g); u=g+K.T@mu
    sol=solvers.qp(matrix(np.eye(len(g))),matrix(-g),matrix(-K),matrix(np.zeros(K.shape[0])))
    if sol['status']=='optimal': assert abs(np.linalg.norm(np.array(sol['x']).ravel())-np.linalg.norm(u))<1e-7
    assert (K@u).min()>-1e-10
    return np.linalg.norm(u)
rho=max(max(projn(X.T@np.diag(D[:,i])@r,(2*np.diag(D[:,i])-np.eye(n))@X),projn(-X.T@np.diag(D[:,i])@r,(2*np.diag(D[:,i])-np.eye(n))@X)) for i in range(P))
lam=r*min(1,beta/rho); dual=lam@y-0.5*lam@lam
print("P",P,"objective",repr(obj),"rho/beta",repr(rho/beta),"bound",repr(dual))
