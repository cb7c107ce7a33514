from kube_qda.cli import main

main()
